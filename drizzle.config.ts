import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` diffs db/schema against migrations/ and writes SQL there.
// Generated SQL is read and checked in; never `push` against a shared database.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './migrations',
  casing: 'snake_case',
});
