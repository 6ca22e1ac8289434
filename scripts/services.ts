// `tsx scripts/services.ts`: the embedded PostgreSQL and local S3 server on their defaults, for
// running the portal (or tools) against them by hand. Prints the env lines on stdout, status on
// stderr, and stays up until SIGINT/SIGTERM, then stops both.
//   --pg-port=N --s3-port=N --origin=URL (or SCANSHARE_PG_PORT, SCANSHARE_S3_PORT, PUBLIC_ORIGIN)
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedPostgres } from '@/lib/embedded/embedded-postgres';
import { startLocalS3 } from '@/lib/embedded/local-s3';

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
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err: Error) => log(`[services] stop failed: ${err.message}`));
  };

  try {
    const pg = await startEmbeddedPostgres({ dataDir: path.join(root, '.data', 'postgres'), port: pgPort, database: 'scanshare', log });
    stops.push(pg.stop);
    const s3 = await startLocalS3({ dataDir: path.join(root, '.data', 's3'), port: s3Port, bucket: 'scanshare', corsOrigins: [origin] });
    stops.push(s3.stop);

    console.log(
      [
        `DATABASE_URL=${pg.url}`,
        `S3_ENDPOINT=${s3.endpoint}`,
        `S3_REGION=${s3.region}`,
        `S3_BUCKET=${s3.bucket}`,
        `S3_ACCESS_KEY_ID=${s3.accessKeyId}`,
        `S3_SECRET_ACCESS_KEY=${s3.secretAccessKey}`,
        'S3_FORCE_PATH_STYLE=true',
      ].join('\n'),
    );
    log(`[services] PostgreSQL on 127.0.0.1:${pgPort} (data in ${pg.dataDir}), S3 on ${s3.endpoint}; Ctrl+C to stop.`);
  } catch (err) {
    await stopAll();
    throw err;
  }

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`[services] ${signal} again: exiting without waiting.`);
      process.exit(1);
    }
    stopping = true;
    log(`[services] ${signal}: stopping…`);
    void stopAll().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(`[services] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
