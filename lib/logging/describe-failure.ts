// What the log may say about a failure: each error of the cause chain by name,
// code and message, with its first stack frames. Never the values a query carried:
// drizzle writes a failed query's parameters into its message, and PostgreSQL puts
// the offending key's values in `detail`; either may be patient data.
import { DrizzleQueryError } from 'drizzle-orm/errors';

/** Fields of database and storage errors that name what failed, never a value. */
const safeFields = ['code', 'constraint', 'table', 'column', 'routine', 'Code'] as const;
const maxDepth = 5;
const maxFrames = 6;

export function describeFailure(err: unknown): string {
  const lines: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current !== undefined && current !== null && depth < maxDepth; depth++) {
    lines.push(`${depth === 0 ? '' : 'caused by '}${describeOne(current)}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines.join('\n');
}

function describeOne(err: unknown): string {
  if (!(err instanceof Error)) return `a thrown ${typeof err}`;
  const frames = (err.stack ?? '')
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .slice(0, maxFrames);
  // The statement's text has $1, $2 … where the values were.
  const message = err instanceof DrizzleQueryError ? `failed query: ${err.query}` : err.message;
  const fields = safeFields.flatMap((name) => {
    const value = (err as unknown as Record<string, unknown>)[name];
    return typeof value === 'string' ? [`${name}=${value}`] : [];
  });
  return [`${err.name}: ${message}${fields.length > 0 ? ` [${fields.join(' ')}]` : ''}`, ...frames].join('\n');
}
