// `tsx scripts/services.ts`: the embedded PostgreSQL and local S3 server on their defaults (the same
// runtime `npm start` uses, app role included), for running the portal or tools against them by hand. Prints the env lines on stdout, status on
// stderr, and stays up until SIGINT/SIGTERM, then stops both.
//   --pg-port=N --s3-port=N --origin=URL (or SCANSHARE_PG_PORT, SCANSHARE_S3_PORT, PUBLIC_ORIGIN)
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedRuntime } from '@/lib/embedded/embedded-runtime';

const root = process.cwd();

function options() {
  const { values } = parseArgs({
    options: { 'pg-port': { type: 'string' }, 's3-port': { type: 'string' }, origin: { type: 'string' } },
  });
  return {
    pgPort: Number(values['pg-port'] ?? process.env.SCANSHARE_PG_PORT ?? 15432),
    s3Port: Number(values['s3-port'] ?? process.env.SCANSHARE_S3_PORT ?? 19000),
    origin: values.origin ?? process.env.PUBLIC_ORIGIN ?? 'http://localhost:3000',
  };
}

async function main() {
  const { pgPort, s3Port, origin } = options();
  const log = (line: string) => console.error(line);
  const runtime = await startEmbeddedRuntime({ dataRoot: path.join(root, '.data'), publicOrigin: origin, pgPort, s3Port, base: {}, log });
  // DATABASE_URL is the portal's runtime role; DATABASE_OWNER_URL is for migrations only.
  const keys = ['DATABASE_URL', 'DATABASE_OWNER_URL', 'S3_ENDPOINT', 'S3_REGION', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE'];
  console.log(keys.filter((k) => runtime.env[k]).map((k) => `${k}=${runtime.env[k]}`).join('\n'));
  log('[services] running; Ctrl+C to stop.');
  let stopping = false;
  const stop = async () => {
    if (stopping) process.exit(1); // a second signal: leave at once
    stopping = true;
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: Error) => {
  console.error(`[services] could not start: ${err.message}`);
  process.exit(1);
});
