// CSRF guard for state-changing route handlers (server actions get Next's own).
// Browsers send Origin on every cross-site POST; one that is not ours is refused.
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';

export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get('origin');
  if (origin !== null && origin !== new URL(env().PUBLIC_ORIGIN).origin) {
    throw new AppError('forbidden:cross_origin', 'This request came from another site and was refused.');
  }
}
