import { randomUUID } from 'node:crypto';
import { describeFailure } from './describe-failure';

/** Logs a failure (without the values it carried) under a new reference; returns the reference. */
export function logFailure(label: string, err: unknown): string {
  const reference = randomUUID();
  console.error(`[${label} ${reference}] ${describeFailure(err)}`);
  return reference;
}
