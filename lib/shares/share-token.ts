// Share tokens: 32 random bytes (256 bits), base64url, 43 characters. Only the
// SHA-256 is stored; a token this random needs no slow hash, and a fast one lets
// the lookup be a unique-index probe.
import { createHash, randomBytes } from 'node:crypto';

const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

export function generateShareToken(): string {
  return randomBytes(32).toString('base64url');
}

export function isWellFormedShareToken(value: string): boolean {
  return tokenPattern.test(value);
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
