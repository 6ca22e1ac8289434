// The viewer's manifest for one study (OHIF's `dicomjson` format): the
// per-instance metadata kept from ingest plus a short-lived presigned GET URL per
// instance. Authorized first, audited as STUDY_VIEWED in the same transaction;
// the viewer then fetches the bytes straight from S3.
import { asc, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { instances, patients, series } from '@/db/schema';
import type { LinkActor } from '@/lib/auth/actors';
import { recordAudit, type RequestContext } from '@/lib/audit/record-audit';
import { env } from '@/lib/env';
import { objectGetSigner } from '@/lib/storage/presign-get';
import { findStudyForLink, rejectStudyForLink } from './find-study-for-link';

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

export async function buildStudyManifest(actor: LinkActor, studyId: string, context: RequestContext): Promise<ViewerManifest> {
  const built = await db().transaction(async (tx) => {
    const study = await findStudyForLink(tx, actor, studyId);
    if (!study) return null;
    const [patient] = await tx.select().from(patients).where(eq(patients.id, study.patientRef));
    const rows = await tx
      .select({
        id: instances.id,
        objectKey: instances.objectKey,
        metadata: instances.viewerMetadata,
        seriesId: series.id,
        seriesInstanceUid: series.seriesInstanceUid,
        seriesNumber: series.seriesNumber,
        seriesDescription: series.description,
        modality: series.modality,
      })
      .from(instances)
      .innerJoin(series, eq(series.id, instances.seriesId))
      .where(eq(instances.studyId, study.id))
      .orderBy(asc(series.seriesNumber), asc(series.id), asc(instances.instanceNumber), asc(instances.id));
    await recordAudit(tx, {
      type: 'STUDY_VIEWED',
      actor: { type: 'link', shareLinkId: actor.shareLinkId, facilityId: actor.facilityId },
      context,
      subject: { type: 'study', id: study.id },
      details: { studyInstanceUid: study.studyInstanceUid, instanceCount: rows.length },
    });
    return { study, patient, rows };
  });
  if (!built) return rejectStudyForLink(actor, studyId, context);

  const { study, patient, rows } = built;
  const ttl = presignLifetimeSeconds(actor);
  const sign = await objectGetSigner();
  const urls = rows.map((r) => sign(r.objectKey, ttl));

  const seriesById = new Map<string, ViewerManifest['studies'][number]['series'][number]>();
  rows.forEach((r, i) => {
    let s = seriesById.get(r.seriesId);
    if (!s) {
      s = {
        SeriesInstanceUID: r.seriesInstanceUid,
        SeriesNumber: r.seriesNumber,
        SeriesDescription: r.seriesDescription,
        Modality: r.modality,
        instances: [],
      };
      seriesById.set(r.seriesId, s);
    }
    s.instances.push({ metadata: r.metadata, url: `dicomweb:${urls[i]}` });
  });
  const modalities = [...new Set(rows.map((r) => r.modality))];
  return {
    studies: [
      {
        StudyInstanceUID: study.studyInstanceUid,
        StudyDate: dicomDate(study.studyDate),
        StudyTime: study.studyTime ?? '',
        StudyDescription: study.description,
        AccessionNumber: study.accessionNumber,
        PatientName: patient?.name ?? '',
        PatientID: patient?.patientId ?? '',
        NumInstances: rows.length,
        Modalities: modalities.join('\\'),
        series: [...seriesById.values()],
      },
    ],
  };
}
