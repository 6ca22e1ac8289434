// Who shared a link and how to reach them: shown on every recipient page and in
// every e-mail to a recipient, so a link names its sender and nobody is left stuck.
// Public by design (it is the facility's front door), but only ever looked up for a
// link the visitor holds: an unknown token's page names no facility.
import { eq } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db/client';
import { facilities, type Facility } from '@/db/schema';

export type FacilityContact = {
  /** The display name, or the facility's own name when no display name is set. */
  name: string;
  phone: string | null;
  address: string | null;
  helpText: string | null;
};

export function facilityContactOf(f: Pick<Facility, 'name' | 'displayName' | 'phone' | 'address' | 'helpText'>): FacilityContact {
  return { name: f.displayName ?? f.name, phone: f.phone, address: f.address, helpText: f.helpText };
}

/** The `tel:` form of a phone number as people write it: digits and a leading +. */
export function telHref(phone: string): string {
  return `tel:${phone.trim().startsWith('+') ? '+' : ''}${phone.replace(/[^0-9]/g, '')}`;
}

/**
 * The contact of the facility behind a link the caller has already found (by its token
 * hash or its session). Unsafe in the naming sense: it takes a facility id, not an
 * actor, so callers must hold a link of that facility.
 */
export async function unsafeFacilityContact(facilityId: string, tx: DbOrTx = db()): Promise<FacilityContact> {
  const [f] = await tx
    .select({ name: facilities.name, displayName: facilities.displayName, phone: facilities.phone, address: facilities.address, helpText: facilities.helpText })
    .from(facilities)
    .where(eq(facilities.id, facilityId));
  if (!f) throw new Error('a link without its facility');
  return facilityContactOf(f);
}

/** The contact lines an e-mail to a recipient ends with (plain text). */
export function facilityContactLines(c: FacilityContact): string[] {
  return [
    `Questions? Contact ${c.name}${c.phone ? ` by phone at ${c.phone}` : ''}.`,
    ...(c.address ? [`Address: ${c.address.replace(/\n/g, ', ')}`] : []),
    ...(c.helpText ? [c.helpText] : []),
  ];
}
