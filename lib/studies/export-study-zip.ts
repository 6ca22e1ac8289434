// The CD-equivalent copy of a shared study: a ZIP laid out like a DICOM CD
// (DICOMDIR at the root, the files under DICOM/, a README), streamed from S3 one
// object at a time with back-pressure, so memory stays bounded whatever the
// study's size. Entry names are generated, never taken from the files: no
// patient data and no path tricks.
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import archiver from 'archiver';
import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { patients, shareLinks } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { queueLinkAlerts } from '@/lib/mail/link-alerts';
import type { LinkActor } from '@/lib/auth/actors';
import { linkAuditActor, recordAudit, type RequestContext } from '@/lib/audit/record-audit';
import { getObjectStream } from '@/lib/storage/objects';
import { describeFailure } from '@/lib/logging/describe-failure';
import { findStudyForLink, refuseStudyForLink, rejectStudyForLink } from './find-study-for-link';
import { buildCdLayout, type CdLayout } from './cd-layout';
import { cdReadme } from './cd-readme';
import { studyInstanceRows } from './study-instance-rows';

export type StudyZip = { fileName: string; stream: Readable };

export async function exportStudyZip(actor: LinkActor, studyId: string, context: RequestContext): Promise<StudyZip> {
  if (!actor.allowDownload) {
    // A view-only link: refused with a plain reason (the recipient knows the link; nothing is hidden by a 404).
    const error = new AppError('forbidden:download', 'This link lets you view the images but not download them. Ask the facility that shared them for a copy.');
    return refuseStudyForLink(actor, studyId, 'download_not_allowed', error, context);
  }
  const loaded = await db().transaction(async (tx) => {
    const study = await findStudyForLink(tx, actor, studyId);
    if (!study) return null;
    const [patient] = await tx.select().from(patients).where(eq(patients.id, study.patientRef));
    const rows = await studyInstanceRows(tx, study.id);
    const [link] = await tx
      .update(shareLinks)
      .set({ downloadCount: sql`${shareLinks.downloadCount} + 1` })
      .where(eq(shareLinks.id, actor.shareLinkId))
      .returning();
    if (link) await queueLinkAlerts(tx, link, 'download', context);
    // Recorded when the download starts; an interrupted transfer is still an export attempt.
    await recordAudit(tx, {
      type: 'STUDY_DOWNLOADED',
      actor: linkAuditActor(actor),
      context,
      subject: { type: 'study', id: study.id },
      patientRef: study.patientRef,
      studyIds: [study.id],
      details: { studyInstanceUid: study.studyInstanceUid, instanceCount: rows.length, bytes: rows.reduce((n, r) => n + r.byteSize, 0) },
    });
    return { study, patient, rows };
  });
  if (!loaded || !loaded.patient) return rejectStudyForLink(actor, studyId, context);

  const layout = buildCdLayout(loaded.patient, loaded.study, loaded.rows);
  const archive = archiver('zip', { store: true }); // DICOM pixel data barely compresses; storing keeps it fast
  void appendEntries(archive, layout).catch((err: Error) => {
    console.error(`[export] study ZIP aborted: ${describeFailure(err)}`);
    archive.destroy(err);
  });
  const date = loaded.study.studyDate ?? 'undated';
  return { fileName: `scanshare-study-${date}.zip`, stream: archive };
}

async function appendEntries(archive: archiver.Archiver, layout: CdLayout): Promise<void> {
  let written = 0;
  archive.on('entry', () => written++);
  archive.append(cdReadme(layout), { name: 'README.TXT' });
  archive.append(Buffer.from(layout.dicomdir), { name: 'DICOMDIR' });
  let appended = 2;
  for (const entry of layout.files) {
    if (archive.destroyed) return;
    // One S3 stream open at a time: the next starts when the previous entry is written.
    while (written < appended) await once(archive, 'entry');
    const body = await getObjectStream(entry.objectKey);
    archive.append(body, { name: entry.path });
    appended++;
  }
  await archive.finalize();
}
