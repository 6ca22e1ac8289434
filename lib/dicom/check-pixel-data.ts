// Whether a file's pixel data is all there, judged from the header alone: the
// upload's total size must reach the end the PixelData element declares, and
// native (uncompressed) pixel data must be as long as the image module says.
import type { Element } from './dicom-parser';
import type { HeaderRejection } from './dicom-header';

export interface PixelModule {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  numberOfFrames: number;
  photometricInterpretation: string;
}

type Problem = { reason: HeaderRejection; message: string } | null;

/** An item tag plus length: the least encapsulated pixel data can hold (an empty Basic Offset Table). */
const itemHeaderBytes = 8;

export function checkPixelData(pixelData: Element, totalBytes: number, encapsulated: boolean, image: PixelModule): Problem {
  const available = Math.max(0, totalBytes - pixelData.dataOffset);
  if (pixelData.hadUndefinedLength) {
    if (!encapsulated) {
      return { reason: 'malformed', message: 'Malformed: pixel data has undefined length in an uncompressed transfer syntax' };
    }
    return available < itemHeaderBytes
      ? { reason: 'truncated', message: `Truncated: the file ends ${available} bytes into the compressed pixel data` }
      : null;
  }
  if (pixelData.length > available) {
    return {
      reason: 'truncated',
      message: `Truncated: pixel data declares ${pixelData.length} bytes but the file ends after ${available}`,
    };
  }
  if (encapsulated) return null;
  const needed = nativePixelBytes(image);
  if (pixelData.length < needed) {
    const { rows, columns, samplesPerPixel, bitsAllocated, numberOfFrames } = image;
    return {
      reason: 'malformed',
      message:
        `Malformed: pixel data holds ${pixelData.length} bytes but ${rows}×${columns} pixels × ${samplesPerPixel} ` +
        `sample(s) × ${bitsAllocated} bits × ${numberOfFrames} frame(s) need ${needed}`,
    };
  }
  return null;
}

function nativePixelBytes({ rows, columns, samplesPerPixel, bitsAllocated, numberOfFrames, photometricInterpretation }: PixelModule): number {
  // YBR_FULL_422 stores two luma samples per chroma pair: 2 samples per pixel, not 3.
  const samples = photometricInterpretation === 'YBR_FULL_422' ? 2 : samplesPerPixel;
  return Math.ceil((rows * columns * samples * bitsAllocated * numberOfFrames) / 8);
}
