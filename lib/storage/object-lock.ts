// Ransomware-resistant storage: with S3_OBJECT_LOCK=required the portal starts only
// on a bucket where every object version is kept for a default retention period
// (S3 Object Lock: versioning on, a default rule in GOVERNANCE or COMPLIANCE mode).
// ScanShare never deletes a version itself: a delete leaves a delete marker (the
// object stops being served), and the locked versions stay until retention ends,
// so stolen credentials cannot destroy the archive.
import { GetBucketVersioningCommand, GetObjectLockConfigurationCommand } from '@aws-sdk/client-s3';
import { ConfigurationError } from '@/lib/env';
import { bucket, s3 } from './s3-client';

export type ObjectLockState = { enabled: boolean; versioning: string; mode?: string; days?: number; years?: number };

export async function readObjectLockState(): Promise<ObjectLockState> {
  const versioning = (await s3().send(new GetBucketVersioningCommand({ Bucket: bucket() }))).Status ?? 'Unversioned';
  try {
    const config = (await s3().send(new GetObjectLockConfigurationCommand({ Bucket: bucket() }))).ObjectLockConfiguration;
    const retention = config?.Rule?.DefaultRetention;
    return { enabled: config?.ObjectLockEnabled === 'Enabled', versioning, mode: retention?.Mode, days: retention?.Days, years: retention?.Years };
  } catch (err) {
    if ((err as { name?: string }).name === 'ObjectLockConfigurationNotFoundError') return { enabled: false, versioning };
    throw err;
  }
}

/** Why this bucket does not meet S3_OBJECT_LOCK=required, in words; empty when it does. */
export function objectLockProblems(state: ObjectLockState): string[] {
  const problems: string[] = [];
  if (!state.enabled) problems.push('Object Lock is not enabled on the bucket');
  if (state.versioning !== 'Enabled') problems.push(`versioning is ${state.versioning}, not Enabled`);
  if (state.enabled && !state.mode) problems.push('the bucket has no default retention (GOVERNANCE or COMPLIANCE, days or years)');
  return problems;
}

export async function assertObjectLockIfRequired(required: boolean): Promise<void> {
  if (!required) return;
  const problems = objectLockProblems(await readObjectLockState());
  if (problems.length > 0) {
    throw new ConfigurationError(`ScanShare configuration is invalid: S3_OBJECT_LOCK=required, but bucket "${bucket()}" is not protected: ${problems.join('; ')}. ` +
      'Create it with Object Lock enabled and set a default retention (README, "Ransomware-resistant storage").');
  }
}
