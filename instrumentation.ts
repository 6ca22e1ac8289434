// Runs once when the server starts: a bad configuration stops it here, with a
// readable list of what is wrong, instead of failing inside the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { env, ConfigurationError } = await import('./lib/env');
  try {
    const e = env();
    // next-auth v4 reads its canonical URL from the environment itself.
    process.env.NEXTAUTH_URL ??= e.PUBLIC_ORIGIN;
    // Ransomware resistance is a promise: never serve on a bucket that does not keep it.
    const { assertObjectLockIfRequired } = await import('./lib/storage/object-lock');
    await assertObjectLockIfRequired(e.S3_OBJECT_LOCK === 'required');
    // No background work here: queued e-mail and periodic jobs run in the worker (npm run worker).
  } catch (err) {
    if (err instanceof ConfigurationError) {
      console.error(`\n${err.message}\n`);
      // Bracket access: this file is also compiled for the Edge runtime, which has no process.exit.
      process['exit'](1);
    }
    throw err;
  }
}
