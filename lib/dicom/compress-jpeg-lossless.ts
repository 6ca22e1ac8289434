// Re-encodes a Part-10 file as JPEG Lossless, Process 14, Selection Value 1
// (1.2.840.10008.1.2.4.70) with dcmtk's dcmcjpeg, run as a separate process on a
// private temporary directory. For benchmarks and test data only: no npm package we
// ship encodes JPEG Lossless, and the web app never needs to.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function compressJpegLossless(part10: Uint8Array): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'scanshare-jpegls-'));
  try {
    const input = join(dir, 'in.dcm');
    const output = join(dir, 'out.dcm');
    await writeFile(input, part10);
    // +e1 lossless SV1 with the true-lossless codec; +un keeps the SOP Instance UID,
    // which is right because nothing about the image changes.
    await run('dcmcjpeg', ['+e1', '+tl', '+un', input, output]).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new Error('dcmcjpeg not found on PATH: install dcmtk (apt-get install dcmtk) to write JPEG Lossless');
      }
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new Error(`dcmcjpeg failed${stderr ? `: ${stderr}` : ''}`, { cause: error });
    });
    return new Uint8Array(await readFile(output));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
