// How many bytes an upload link may still take (UPLOAD_LINK_MAX_TOTAL_BYTES, lib/env.ts):
// read before a file is streamed (so a link that is full, or a declared length that
// would overfill it, is refused unread) and again when the file is filed, under the
// link's row lock, so files sent in parallel cannot overfill it together.
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { quarantineFiles } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { describeBytes } from '@/lib/ingest/upload-limits';

/** Bytes received so far through the link: every file it filed, pending or decided. */
export async function bytesReceivedThroughLink(tx: DbOrTx, link: { uploadLinkId: string; facilityId: string }): Promise<number> {
  const [row] = await tx
    .select({ bytes: sql<string>`coalesce(sum(${quarantineFiles.byteSize}), 0)` })
    .from(quarantineFiles)
    .where(and(eq(quarantineFiles.uploadLinkId, link.uploadLinkId), eq(quarantineFiles.facilityId, link.facilityId)));
  return Number(row?.bytes ?? 0);
}

export function uploadLinkFull(maxTotalBytes: number): AppError {
  return new AppError(
    'payload_too_large:upload_link_total',
    `This link has received all it can take (${describeBytes(maxTotalBytes)} in all). This file was not kept; please ask the facility for a new link.`,
  );
}
