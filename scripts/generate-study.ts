// Writes a synthetic study to a folder, one Part-10 file per instance.
//   tsx scripts/generate-study.ts --kind CT --slices 300 --out /tmp/ct [--patient-id X] [--jpeg-lossless]
// See lib/dicom/study-spec.ts for every option's meaning and defaults.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { generateStudy, type StudySpec } from '@/lib/dicom/generate-study';
import { studySpecSchema } from '@/lib/dicom/study-spec';

const usage = `usage: tsx scripts/generate-study.ts --kind CT|MR|CR --out <dir>
  [--slices N] [--series N] [--rows N] [--columns N]
  [--patient-id ID] [--patient-name DOE^JANE] [--birth-date YYYYMMDD] [--sex M|F|O]
  [--accession A] [--description TEXT] [--study-uid UID] [--jpeg-lossless]`;

const { values } = parseArgs({
  options: {
    kind: { type: 'string' },
    out: { type: 'string' },
    slices: { type: 'string' },
    series: { type: 'string' },
    rows: { type: 'string' },
    columns: { type: 'string' },
    'patient-id': { type: 'string', default: 'SYN0001' },
    'patient-name': { type: 'string', default: 'DOE^JANE' },
    'birth-date': { type: 'string', default: '19700101' },
    sex: { type: 'string', default: 'F' },
    accession: { type: 'string', default: 'ACC0001' },
    description: { type: 'string' },
    'study-uid': { type: 'string' },
    'jpeg-lossless': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help || !values.kind || !values.out) {
  console.error(usage);
  process.exit(values.help ? 0 : 2);
}

const optionalNumber = (v: string | undefined) => (v === undefined ? undefined : Number(v));

// Types are checked by the spec's zod schema inside generateStudy, not here.
const spec = {
  kind: values.kind,
  patient: { id: values['patient-id'], name: values['patient-name'], birthDate: values['birth-date'], sex: values.sex },
  accession: values.accession,
  studyDescription: values.description ?? `SYNTHETIC ${values.kind.toUpperCase()}`,
  studyInstanceUid: values['study-uid'],
  slices: optionalNumber(values.slices),
  series: optionalNumber(values.series),
  rows: optionalNumber(values.rows),
  columns: optionalNumber(values.columns),
  transferSyntax: values['jpeg-lossless'] ? 'jpeg-lossless' : 'explicit-vr-little-endian',
} as StudySpec;

async function main(outDir: string): Promise<void> {
  studySpecSchema.parse(spec); // fail before creating the folder
  await mkdir(outDir, { recursive: true });
  const started = performance.now();
  let files = 0;
  let bytes = 0;
  for await (const file of generateStudy(spec)) {
    await writeFile(join(outDir, file.fileName), file.bytes);
    files += 1;
    bytes += file.bytes.length;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`Wrote ${files} files (${(bytes / 1e6).toFixed(1)} MB) to ${outDir} in ${seconds.toFixed(1)} s`);
}

main(values.out).catch((error: unknown) => {
  if (error instanceof ZodError) {
    console.error(`Invalid options:\n${error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}\n${usage}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
