// What a compliance officer types into an audit search (part of a patient's name,
// an MRN, a user's e-mail) is patient or personal data, and audit rows can never be
// erased: the record of a search keeps a keyed hash of the words, never the words.
// "Who searched for X?" is still answerable: hash X the same way and look for it
// (searchTermHash below; details.filters.patient / .user of AUDIT_LOG_VIEWED and
// AUDIT_LOG_EXPORTED rows).
//
// Keyed (HMAC-SHA256), not a plain SHA-256: names and MRNs are few enough to hash
// them all, so an unkeyed hash would be the words in disguise. The key is
// AUDIT_HASH_KEY, or, when unset, derived from NEXTAUTH_SECRET by HKDF under this
// module's own label, so the session secret itself never keys anything else.
import { createHmac, hkdfSync } from 'node:crypto';
import { env } from '@/lib/env';

/** Versioned: a later change of normalization or key gets a new prefix, and old rows stay readable as what they were. */
const prefix = 'hmac-sha256:v1:';
const hkdfInfo = 'scanshare audit search-term hash v1';

/** The HMAC key, from the configured secret: HKDF-SHA256, salt "scanshare", info naming this one purpose. */
export function deriveSearchTermKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'scanshare', hkdfInfo, 32));
}

function searchTermKey(): Buffer {
  const { AUDIT_HASH_KEY, NEXTAUTH_SECRET } = env();
  return deriveSearchTermKey(AUDIT_HASH_KEY ?? NEXTAUTH_SECRET);
}

/**
 * How a term is compared: Unicode NFKC, DICOM's ^ read as a space, runs of spaces as
 * one, trimmed, lower case. "DOE^JANE", "doe  jane" and "Doe Jane" hash alike, as the
 * search itself treats them alike.
 */
export function normalizeSearchTerm(term: string): string {
  return term.normalize('NFKC').replaceAll('^', ' ').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The keyed hash recorded in place of a search term (the configured key unless one is given). */
export function searchTermHash(term: string, key: Buffer = searchTermKey()): string {
  return prefix + createHmac('sha256', key).update(normalizeSearchTerm(term), 'utf8').digest('hex');
}
