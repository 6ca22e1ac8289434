// `npm test` beside another instance: a default port that is taken moves to a free
// one and says so; a port set on purpose that is taken stops the run, naming the
// port and the variable. Real sockets on 127.0.0.1 hold the ports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { findFreePort, isPortFree } from '@/lib/embedded/free-port';
import { PortTakenError, resolveTestPorts } from '../../support/test-ports';

const asEnv = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;

async function holdPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const port = await findFreePort();
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

test('[PORTS] a taken default port moves to a free one, says which variable sets it, and is written back for the tests', async () => {
  const held = await holdPort();
  try {
    const env = asEnv({});
    const lines: string[] = [];
    const ports = await resolveTestPorts([{ variable: 'TEST_APP_PORT', fallback: held.port, what: 'the portal under test' }], env, (l) => lines.push(l));
    assert.notEqual(ports.TEST_APP_PORT, held.port);
    assert.equal(await isPortFree(ports.TEST_APP_PORT!), true);
    assert.equal(env.TEST_APP_PORT, String(ports.TEST_APP_PORT));
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, new RegExp(`port ${held.port} \\(default of TEST_APP_PORT, the portal under test\\) is in use; using ${ports.TEST_APP_PORT} instead`));
  } finally {
    await held.close();
  }
});

test('[PORTS] a taken port set on purpose is not moved: the run stops, naming the port and the variable', async () => {
  const held = await holdPort();
  try {
    const env = asEnv({ TEST_PG_PORT: String(held.port) });
    await assert.rejects(
      resolveTestPorts([{ variable: 'TEST_PG_PORT', fallback: 25432, what: 'the test PostgreSQL' }], env, () => {}),
      (err: unknown) =>
        err instanceof PortTakenError &&
        err.message.includes(`Port ${held.port} (TEST_PG_PORT, the test PostgreSQL) is already in use`) &&
        /set TEST_PG_PORT to a free port, e\.g\. TEST_PG_PORT=\d+/.test(err.message),
    );
  } finally {
    await held.close();
  }
});

test('[PORTS] free ports are kept as given, and two services never get the same port', async () => {
  const free = await findFreePort();
  const env = asEnv({ TEST_S3_PORT: String(free) });
  const ports = await resolveTestPorts(
    [
      { variable: 'TEST_S3_PORT', fallback: 1, what: 'a' },
      { variable: 'TEST_SMTP_PORT', fallback: free, what: 'b' },
    ],
    env,
    () => {},
  );
  assert.equal(ports.TEST_S3_PORT, free);
  assert.notEqual(ports.TEST_SMTP_PORT, free);
});
