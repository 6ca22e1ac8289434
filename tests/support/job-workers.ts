// Real worker processes (scripts/worker.ts) for the job queue's tests: started as the
// portal's runtime role with the harness's settings, killable like any process.
import { withoutOwnerUrl } from '@/lib/audit/database-roles';
import { startWorkerProcess, type WorkerProcess } from '../../scripts/lib/worker-process';

export function spawnWorker(): Promise<WorkerProcess> {
  return startWorkerProcess({ root: process.cwd(), env: withoutOwnerUrl(process.env), quiet: !process.env.TEST_APP_LOGS });
}

/** SIGKILL: no graceful stop, no chance to record anything (what a crash or an OOM kill does). */
export function killHard(worker: WorkerProcess): Promise<void> {
  return new Promise((resolve) => {
    if (worker.child.exitCode !== null || worker.child.signalCode !== null) return resolve();
    worker.child.once('exit', () => resolve());
    worker.child.kill('SIGKILL');
  });
}
