// Runs the embedded PostgreSQL in a child process for tests that need a separate owner:
//   node --import tsx pg-child.ts <dataDir> <port> hold|write|read
// hold: start, print {"dataDir"} on one line, stay up until killed.
// write/read: start, write or read a marker row, print {"dataDir","version","marker"}, stop, exit.
import pg from 'pg';
import { startEmbeddedPostgres } from '@/lib/embedded/embedded-postgres';

async function main() {
  const [dataDir, portText, mode] = process.argv.slice(2);
  if (!dataDir || !portText || !mode) throw new Error('usage: pg-child.ts <dataDir> <port> hold|write|read');
  const server = await startEmbeddedPostgres({ dataDir, port: Number(portText), database: 'scanshare', durable: false });
  if (mode === 'hold') {
    console.log(JSON.stringify({ dataDir: server.dataDir }));
    setInterval(() => undefined, 60_000);
    return;
  }
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    if (mode === 'write') {
      await client.query('create table marker (value text not null)');
      await client.query(`insert into marker values ('written before restart')`);
    }
    const version = (await client.query<{ v: string }>('select version() as v')).rows[0]?.v;
    const marker = (await client.query<{ value: string }>('select value from marker')).rows[0]?.value;
    console.log(JSON.stringify({ dataDir: server.dataDir, version, marker }));
  } finally {
    await client.end();
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
