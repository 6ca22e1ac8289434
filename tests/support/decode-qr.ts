// Reads a QR code from a PNG screenshot, as a phone's camera would from paper.
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

export function decodeQrFromPng(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)?.data ?? null;
}
