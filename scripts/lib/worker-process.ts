// Starts the job worker (scripts/worker.ts) as a child process and waits until it
// reports that it runs. Used by `npm start` and the test harness.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export type WorkerProcess = { child: ChildProcess; stop(): Promise<void> };

export async function startWorkerProcess(options: { root: string; env: NodeJS.ProcessEnv; quiet?: boolean }): Promise<WorkerProcess> {
  // One process, tsx as a loader (its CLI would put a second node process under it, and a
  // signal to the first would leave the worker running).
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('scripts', 'worker.ts')], {
    cwd: options.root,
    env: options.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the job worker did not start within 60 s')), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the job worker exited during start-up (code ${code}); see the messages above`));
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (!options.quiet) process.stdout.write(text);
      if (text.includes('[worker] running')) {
        clearTimeout(timer);
        resolve();
      }
    });
  }).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });
  child.removeAllListeners('exit');
  return {
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 25_000).unref();
      }),
  };
}
