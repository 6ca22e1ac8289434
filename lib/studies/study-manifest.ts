// The viewer's manifest for one study (OHIF's `dicomjson` format): the
// per-instance metadata kept from ingest plus a short-lived presigned GET URL per
// instance. Every request is authorized and audited as STUDY_VIEWED (one
// transaction) before anything is returned; the built manifest itself is reused
// for a short while per link and study (manifest-cache.ts), since signing and
// serialising hundreds of URLs is the route's whole cost. The body without its URLs
// is kept per study in PostgreSQL (manifest-template-store.ts), so a fresh link on
// an already viewed study reads one row instead of every instance.
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { patients, type Study } from '@/db/schema';
import type { LinkActor } from '@/lib/auth/actors';
import { linkAuditActor, recordAudit, type RequestContext } from '@/lib/audit/record-audit';
import { env } from '@/lib/env';
import { objectGetSigner } from '@/lib/storage/presign-get';
import { findStudyForLink, rejectStudyForLink } from './find-study-for-link';
import { cachedManifest } from './manifest-cache';
import { fillManifestTemplate } from './manifest-template';
import { rebuildStudyManifestTemplate, studyManifestTemplate } from './manifest-template-store';

export type ViewerManifest = {
  studies: Array<{
    StudyInstanceUID: string;
    StudyDate: string;
    StudyTime: string;
    StudyDescription: string;
    AccessionNumber: string;
    PatientName: string;
    PatientID: string;
    NumInstances: number;
    Modalities: string;
    series: Array<{
      SeriesInstanceUID: string;
      SeriesNumber: number | null;
      SeriesDescription: string;
      Modality: string;
      instances: Array<{ metadata: Record<string, unknown>; url: string }>;
    }>;
  }>;
};

/** Seconds a presigned URL may live: the configured TTL, never past the link's expiry. */
export function presignLifetimeSeconds(actor: LinkActor, now = Date.now()): number {
  const untilLinkExpiry = Math.floor((actor.linkExpiresAt.getTime() - now) / 1000);
  return Math.max(1, Math.min(env().PRESIGN_TTL_SECONDS, untilLinkExpiry));
}

const dicomDate = (isoDate: string | null) => (isoDate ? isoDate.replaceAll('-', '') : '');

/** Authorizes the study for this link and records the view; returns the study. */
async function authorizeView(actor: LinkActor, studyId: string, context: RequestContext): Promise<Study> {
  const study = await db().transaction(async (tx) => {
    const found = await findStudyForLink(tx, actor, studyId);
    if (!found) return null;
    await recordAudit(tx, {
      type: 'STUDY_VIEWED',
      actor: linkAuditActor(actor),
      context,
      subject: { type: 'study', id: found.id },
      patientRef: found.patientRef,
      studyIds: [found.id],
      details: { studyInstanceUid: found.studyInstanceUid },
    });
    return found;
  });
  return study ?? rejectStudyForLink(actor, studyId, context);
}

/**
 * The manifest as JSON text: the study's head from the live study and patient rows
 * (an edit there is never stale), the body from its kept template
 * (manifest-template-store.ts) with a fresh URL signed into each slot; its shape is
 * ViewerManifest.
 */
async function assembleManifestJson(study: Study, ttlSeconds: number): Promise<string> {
  // Independent reads: side by side on two pooled connections.
  const [[patient], kept, sign] = await Promise.all([
    db().select({ name: patients.name, patientId: patients.patientId }).from(patients).where(eq(patients.id, study.patientRef)),
    studyManifestTemplate(study),
    objectGetSigner(),
  ]);
  const urlFor = (key: string) => sign(key, ttlSeconds);
  let template = kept;
  let seriesJson = fillManifestTemplate(template, urlFor);
  if (seriesJson === null) {
    // A damaged kept template (its slots and keys do not pair up): build it again.
    template = await rebuildStudyManifestTemplate(study);
    seriesJson = fillManifestTemplate(template, urlFor);
    if (seriesJson === null) throw new Error(`manifest template of study ${study.id} does not pair slots with keys`);
  }
  const studyHead = JSON.stringify({
    StudyInstanceUID: study.studyInstanceUid,
    StudyDate: dicomDate(study.studyDate),
    StudyTime: study.studyTime ?? '',
    StudyDescription: study.description,
    AccessionNumber: study.accessionNumber,
    PatientName: patient?.name ?? '',
    PatientID: patient?.patientId ?? '',
    NumInstances: template.instanceCount,
    Modalities: template.modalities,
  } satisfies Omit<ViewerManifest['studies'][number], 'series'>).slice(0, -1);
  return `{"studies":[${studyHead},"series":${seriesJson}}]}`;
}

/** The manifest as JSON text, for the route. */
export async function studyManifestJson(actor: LinkActor, studyId: string, context: RequestContext): Promise<string> {
  const study = await authorizeView(actor, studyId, context);
  const ttl = presignLifetimeSeconds(actor);
  return cachedManifest(`${actor.shareLinkId}:${study.id}`, ttl, () => assembleManifestJson(study, ttl));
}

export async function buildStudyManifest(actor: LinkActor, studyId: string, context: RequestContext): Promise<ViewerManifest> {
  return JSON.parse(await studyManifestJson(actor, studyId, context)) as ViewerManifest;
}
