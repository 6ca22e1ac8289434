// Lint guards instead of memory (STYLE.md): Next's rules, drizzle's "update and
// delete need a where", and the one-way data flow — only lib/ and db/ reach the
// database and the S3 client; app/ goes through lib/.
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import drizzle from 'eslint-plugin-drizzle';

const dataAccessImports = {
  patterns: [
    { group: ['@/db/client', '@/db/client.ts', '**/db/client'], message: 'Only lib/ and db/ use the database client; call a domain function in lib/.' },
    { group: ['@/lib/storage/s3-client', '**/storage/s3-client'], message: 'Only lib/ uses the S3 client; call a domain function in lib/.' },
    { group: ['@aws-sdk/*'], message: 'Only lib/storage talks to S3.' },
    { group: ['pg', 'drizzle-orm/node-postgres'], message: 'Only db/ opens database connections.' },
  ],
};

const config = [
  { ignores: ['.next/**', 'node_modules/**', 'public/viewer/**', 'public/phone-viewer/**', '.data/**', 'next-env.d.ts', 'bench/results/**', 'test-results/**'] },
  ...nextVitals,
  ...nextTs,
  {
    plugins: { drizzle },
    rules: {
      'drizzle/enforce-delete-with-where': ['error', { drizzleObjectName: ['db', 'tx', 'database'] }],
      'drizzle/enforce-update-with-where': ['error', { drizzleObjectName: ['db', 'tx', 'database'] }],
    },
  },
  {
    files: ['app/**/*.{ts,tsx}', 'tests/e2e/**/*.ts', 'tests/pages/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', dataAccessImports] },
  },
  {
    files: ['**/*.cjs', 'next.config.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];

export default config;
