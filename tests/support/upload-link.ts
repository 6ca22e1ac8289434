// Creates an upload link as staff and opens it as the outside uploader would,
// through the domain functions (the browser tests do the same through the pages).
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { studies } from '@/db/schema';
import type { StaffActor, UploadLinkActor } from '@/lib/auth/actors';
import { receiveQuarantineFile, type ReceiveResult } from '@/lib/quarantine/receive-quarantine-file';
import { createUploadLink, type CreateUploadLinkInput } from '@/lib/upload-links/create-upload-link';
import { verifyUploadLinkAccess } from '@/lib/upload-links/open-upload-link';
import { resolveUploadLinkActor } from '@/lib/upload-links/resolve-upload-link-actor';

export const uploaderContext = { clientIp: '198.51.100.20', userAgent: 'outside-uploader-test' };

export const uploadTokenOf = (url: string) => url.split('/u/')[1]!;

export async function patientRefOfStudy(studyId: string): Promise<string> {
  const [row] = await db().select({ patientRef: studies.patientRef }).from(studies).where(eq(studies.id, studyId));
  if (!row) throw new Error(`no study ${studyId}`);
  return row.patientRef;
}

export async function openUploadLinkAsUploader(staff: StaffActor, patientRef: string, options: Partial<CreateUploadLinkInput> = {}) {
  const link = await createUploadLink(staff, { patientRef, expiresInDays: 7, accessCheck: 'code', ...options }, uploaderContext);
  if (!link.accessCode) throw new Error('openUploadLinkAsUploader needs a code link');
  const opened = await verifyUploadLinkAccess(uploadTokenOf(link.url), link.accessCode, uploaderContext);
  if (!opened.ok) throw new Error('could not open the upload link');
  const actor = await resolveUploadLinkActor(opened.sessionSecret, link.uploadLinkId, uploaderContext);
  return { link, actor, sessionSecret: opened.sessionSecret };
}

export function sendBytes(actor: UploadLinkActor, bytes: Uint8Array): Promise<ReceiveResult> {
  return receiveQuarantineFile(actor, { body: Readable.from([Buffer.from(bytes)]) }, uploaderContext);
}
