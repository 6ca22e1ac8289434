// Who may put studies in: staff who work with their facility's studies.
import { hasAnyRole, type StaffActor } from '@/lib/auth/actors';
import { AppError } from '@/lib/errors';

export const ingestRoles = ['front_desk', 'facility_admin'] as const;

export function assertCanIngest(actor: StaffActor): void {
  if (!hasAnyRole(actor, ingestRoles)) throw new AppError('forbidden:ingest');
}
