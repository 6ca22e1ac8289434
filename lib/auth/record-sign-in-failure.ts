import { db } from '@/db/client';
import { recordAudit, type RequestContext } from '@/lib/audit/record-audit';
import { isAppError } from '@/lib/errors';

/** A refused institutional sign-in, with its reason, against the provider's facility. */
export async function recordSignInFailure(
  provider: { id: string; facilityId: string },
  method: 'oidc' | 'saml',
  err: unknown,
  context: RequestContext,
): Promise<void> {
  await db().transaction((tx) =>
    recordAudit(tx, {
      type: 'STAFF_SIGN_IN_FAILED',
      actor: { type: 'anonymous' },
      facilityId: provider.facilityId,
      context,
      outcome: 'failure',
      reason: isAppError(err) ? err.code : 'internal',
      details: { method, providerId: provider.id },
    }),
  );
}
