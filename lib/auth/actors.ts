// Who is asking. Every domain function takes the actor first and scopes its
// queries by it. Actors are built only by lib/auth (staff) and lib/shares (link
// sessions), from verified sessions — never from request input.
import type { LinkRecipientKind, SharePurpose, StaffRole } from '@/db/schema';

export type StaffActor = {
  kind: 'staff';
  userId: string;
  facilityId: string;
  roles: readonly StaffRole[];
};

/** A browser that passed one share link's access check. */
export type LinkActor = {
  kind: 'link';
  shareLinkId: string;
  facilityId: string;
  linkSessionId: string;
  /** The link's own expiry: nothing handed out may outlive it. */
  linkExpiresAt: Date;
  /** Who the link is for, and why it is shared (null for the patient's own access). */
  recipientKind: LinkRecipientKind;
  purpose: SharePurpose | null;
  /** The patient whose studies the link shares. */
  patientRef: string;
  allowDownload: boolean;
  allowForward: boolean;
};

/**
 * A browser that passed one upload link's access check: it may send files for the
 * link's patient into quarantine, and nothing else (it reads no study, no patient record).
 */
export type UploadLinkActor = {
  kind: 'upload_link';
  uploadLinkId: string;
  facilityId: string;
  uploadSessionId: string;
  /** The patient the files are for (internal id). */
  patientRef: string;
  linkExpiresAt: Date;
};

// What a role may do is decided in one place: can(actor, permission) in ./permissions.ts.
