// Runs inside tests/support/with-services.ts --app (embedded PostgreSQL + S3
// server, production portal at BASE_URL): every figure in turn, on real parts.
// Writes raw results to the plan's rawOut; bench/run.ts reports them.
//   tsx tests/support/with-services.ts --app -- tsx bench/suite.ts <plan.json>
import fs from 'node:fs';
import { closeDb } from '@/db/client';
import { launchFreshProfile } from './lib/browser';
import type { BenchContext } from './lib/context';
import type { BenchPlan } from './lib/plan';
import { pidListeningOn, processName } from './lib/process-memory';
import { issueLink, linkSessionCookie, type BenchLink } from './lib/share-link';
import { signInDemoStaff } from './lib/staff-session';
import { uploadFiles } from './lib/upload-files';
import { firstImageProfile, type ViewRun } from './figures/first-image';
import { ingestStudy, type IngestRun } from './figures/ingest';
import { measureManifest, type ManifestFigure } from './figures/manifest-latency';
import { downloadZip, type ZipRun } from './figures/zip-download';

export type RawResults = {
  portal: { pid: number; process: string; port: number };
  ingest: { ct: IngestRun[]; big: IngestRun | null };
  firstImage: ViewRun[];
  manifest: ManifestFigure | null;
  zip: { ct: ZipRun[]; big: ZipRun[] };
  errors: Array<{ figure: string; message: string }>;
};

const log = (line: string) => console.log(line);

async function main(planPath: string): Promise<void> {
  const plan = JSON.parse(fs.readFileSync(planPath, 'utf8')) as BenchPlan;
  const baseUrl = process.env.BASE_URL;
  if (!baseUrl || !process.env.S3_ENDPOINT) throw new Error('run me through tests/support/with-services.ts --app (BASE_URL, S3_ENDPOINT)');
  const port = Number(new URL(baseUrl).port);
  const ctx: BenchContext = { baseUrl, port, s3Origin: new URL(process.env.S3_ENDPOINT).origin, log };
  const pid = pidListeningOn(port);
  const raw: RawResults = {
    portal: { pid, process: processName(pid), port },
    ingest: { ct: [], big: null },
    firstImage: [],
    manifest: null,
    zip: { ct: [], big: [] },
    errors: [],
  };
  const attempt = async (figure: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (err) {
      log(`  ✗ ${figure}: ${(err as Error).stack ?? err}`);
      raw.errors.push({ figure, message: (err as Error).message });
    }
  };
  log(`[bench] portal ${baseUrl} served by pid ${pid} (${raw.portal.process})`);

  // Ingest first: everything else needs the studies.
  log('[bench] ingest (POST /api/uploads, 4 files at a time)');
  const staffCookie = await signInDemoStaff(baseUrl);
  await uploadFiles(baseUrl, staffCookie, plan.studies.warmup.files, 4);
  for (const study of plan.studies.ct) raw.ingest.ct.push(await ingestStudy(ctx, staffCookie, study));
  await attempt('ingest-big', async () => {
    raw.ingest.big = await ingestStudy(ctx, staffCookie, plan.studies.big);
  });

  const ct = raw.ingest.ct[0]!;
  const ctLink = await issueLink([ct.studyId]);
  const bigLink: BenchLink | null = raw.ingest.big ? await issueLink([raw.ingest.big.studyId]) : null;

  log(`[bench] first image (${plan.runs.coldProfiles} profiles clicking at once, ${plan.runs.settledProfiles} clicking once the list page settled)`);
  for (let i = 0; i < plan.runs.coldProfiles; i++) {
    await attempt('first-image', async () => {
      raw.firstImage.push(...(await firstImageProfile(ctx, ctLink, ct.studyId, ct.files, false)));
    });
  }
  for (let i = 0; i < plan.runs.settledProfiles; i++) {
    await attempt('first-image', async () => {
      raw.firstImage.push(...(await firstImageProfile(ctx, ctLink, ct.studyId, ct.files, true)));
    });
  }

  // The recipient's link-session cookies, from real access checks.
  const profile = await launchFreshProfile(baseUrl);
  let ctCookie: string;
  let bigCookie: string | null = null;
  try {
    const page = profile.context.pages()[0] ?? (await profile.context.newPage());
    ctCookie = await linkSessionCookie(page, ctLink);
    if (bigLink) bigCookie = await linkSessionCookie(page, bigLink);
  } finally {
    await profile.close();
  }

  log('[bench] manifest route');
  await attempt('manifest', async () => {
    raw.manifest = await measureManifest(ctx, ctCookie, ctLink.shareLinkId, ct.studyId, plan.runs.manifest);
  });

  log('[bench] ZIP download');
  await attempt('zip-ct', async () => {
    for (let i = 0; i < plan.runs.zipCt; i++) raw.zip.ct.push(await downloadZip(ctx, ctCookie, ctLink.shareLinkId, ct.studyId, ct.bytes));
  });
  if (bigLink && bigCookie && raw.ingest.big) {
    const big = raw.ingest.big;
    await attempt('zip-big', async () => {
      for (let i = 0; i < plan.runs.zipBig; i++) raw.zip.big.push(await downloadZip(ctx, bigCookie!, bigLink.shareLinkId, big.studyId, big.bytes));
    });
  }

  fs.writeFileSync(plan.rawOut, JSON.stringify(raw, null, 2));
}

main(process.argv[2] ?? '')
  .then(async () => {
    await closeDb();
    process.exit(0);
  })
  .catch(async (err) => {
    console.error(`[bench] ${(err as Error).stack ?? err}`);
    await closeDb().catch(() => undefined);
    process.exit(1);
  });
