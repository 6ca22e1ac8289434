// Starts the built portal (scripts/portal-server.mjs: Next's handler behind a
// server that passes on the socket's address) as a child process and waits until
// it answers. Started through node directly: npx would leave an orphan behind.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export type PortalProcess = { child: ChildProcess; url: string; stop(): Promise<void> };

export async function startPortal(options: { root: string; port: number; env: NodeJS.ProcessEnv; quiet?: boolean }): Promise<PortalProcess> {
  const server = path.join(options.root, 'scripts', 'portal-server.mjs');
  const child = spawn(process.execPath, [server, '--port', String(options.port), '--hostname', '127.0.0.1'], {
    cwd: options.root,
    env: { ...options.env, NODE_ENV: 'production' },
    stdio: options.quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
  });
  const url = `http://localhost:${options.port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`the portal exited during start-up (code ${code}); see the messages above`))),
  );
  const ready = (async () => {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      try {
        const res = await fetch(`http://127.0.0.1:${options.port}/api/health`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error('the portal did not become healthy within 60 s (is the database or storage reachable?)');
  })();
  try {
    await Promise.race([ready, exited]);
  } catch (err) {
    child.kill('SIGTERM');
    throw err;
  }
  return {
    child,
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}
