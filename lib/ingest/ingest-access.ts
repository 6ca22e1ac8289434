// Who may put studies in: staff who work with their facility's studies.
import type { StaffActor } from '@/lib/auth/actors';
import { can } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';

export function assertCanIngest(actor: StaffActor): void {
  if (!can(actor, 'study:ingest')) throw new AppError('forbidden:ingest');
}
