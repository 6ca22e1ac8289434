// The second factor of a share link: the patient's date of birth, or a numeric
// code shown once to the issuer. Both are low-entropy, so they are stored with
// argon2 (a slow hash) and guarded by the attempt counter on the link.
import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { ShareLink } from '@/db/schema';

export type AccessCheckKind = ShareLink['accessCheckKind'];

export const maxFailedAccessChecks = 5;
export const accessCodeLength = 8;

export function generateAccessCode(): string {
  let code = '';
  for (let i = 0; i < accessCodeLength; i++) code += String(randomInt(10));
  return code;
}

/**
 * Canonical form of an answer, so "1980-03-07" typed in a date field and a code
 * typed with spaces both match what was stored. Returns null when the answer
 * cannot be a valid one (it still counts as a failed attempt).
 */
export function normalizeAccessAnswer(kind: AccessCheckKind, answer: string): string | null {
  const trimmed = answer.trim();
  if (kind === 'code' || kind === 'email_otp') {
    const digits = trimmed.replace(/[\s-]/g, '');
    return /^\d{8}$/.test(digits) ? digits : null;
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  if (!iso) return null;
  const [, y, m, d] = iso;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCDate() === Number(d) && date.getUTCMonth() === Number(m) - 1 ? `${y}-${m}-${d}` : null;
}

// Moderate cost: a verification is ~20-40 ms here, which with five attempts per
// link makes guessing hopeless while keeping the page responsive.
const argonOptions = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashAccessAnswer(normalized: string): Promise<string> {
  return hash(normalized, argonOptions);
}

export function verifyAccessAnswer(storedHash: string, normalized: string | null): Promise<boolean> {
  // Verify even malformed answers against a real hash so timing does not tell them apart.
  return verify(storedHash, normalized ?? 'invalid-answer');
}
