import { headers } from 'next/headers';
import { z } from 'zod';
import { requireStaffActor } from '@/lib/auth/current-staff';
import { auditExportFormats, exportAuditLog } from '@/lib/audit/export/export-audit-log';
import { AppError } from '@/lib/errors';
import { errorResponse } from '@/lib/http/error-response';
import { requestContextFrom } from '@/lib/http/request-context';
import { logFailure } from '@/lib/logging/log-failure';

export const dynamic = 'force-dynamic';

// GET /api/audit/export?format=csv|fhir&patient=…&study=…&from=…: the search
// page's filters (validated in lib/), every matching event as a download.
const formatSchema = z.enum(auditExportFormats);

export async function GET(req: Request) {
  try {
    const actor = await requireStaffActor();
    const { format, ...filters } = Object.fromEntries(new URL(req.url).searchParams);
    const parsedFormat = formatSchema.safeParse(format);
    if (!parsedFormat.success) throw new AppError('bad_request:audit_export_format', 'Choose format=csv or format=fhir.');
    const file = await exportAuditLog(actor, filters, parsedFormat.data, requestContextFrom(await headers()));
    return new Response(toByteStream(file.body), {
      headers: {
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="${file.fileName}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  } catch (err) {
    return errorResponse(err);
  }
}

/** Pull-based, so a slow client slows the reads (one page in memory at a time). */
function toByteStream(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (err) {
        // Headers are gone already: the download ends broken rather than short and silent.
        logFailure('audit export', err);
        controller.error(new Error('audit export failed'));
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
