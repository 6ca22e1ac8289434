// Object keys are opaque: a uuid under a fixed prefix, never a name, a PatientID
// or a UID, so a bucket listing or an access log reveals nothing about anyone.

const instanceKeyPattern = /^instances\/([0-9a-f-]{36})$/;

export function instanceObjectKey(instanceId: string): string {
  return `instances/${instanceId}`;
}

/** The instance id encoded in an instance object key, or null. */
export function instanceIdFromKey(key: string): string | null {
  return instanceKeyPattern.exec(key)?.[1] ?? null;
}

/**
 * A file received through an upload link, held apart until staff accept or reject it.
 * The uuid is the quarantine_files row's id; an accepted file becomes instances/<same id>.
 */
export function quarantineObjectKey(quarantineFileId: string): string {
  return `quarantine/${quarantineFileId}`;
}

/**
 * The bytes an accepted outside file arrived with, when the instance object is a
 * reconciled copy (same uuid as the instance). Kept for the record, never served.
 */
export function receivedObjectKey(instanceId: string): string {
  return `received/${instanceId}`;
}

/** A consent's evidence: the signed form's scan or the on-screen signature. */
export function consentEvidenceObjectKey(evidenceId: string): string {
  return `consent-evidence/${evidenceId}`;
}
