import { headers } from 'next/headers';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { requireStaffActor } from '@/lib/auth/current-staff';
import { ingestFile } from '@/lib/ingest/ingest-file';
import { requestContextFrom } from '@/lib/http/request-context';
import { errorResponse } from '@/lib/http/error-response';
import { AppError } from '@/lib/errors';
import { declaredLength } from '@/lib/ingest/upload-limits';
import { assertSameOrigin } from '@/lib/http/same-origin';

export const dynamic = 'force-dynamic';

// One file per request, body = the raw file bytes, streamed to storage as they
// arrive. The browser sends the files of a folder, CD or ZIP one by one (a few
// in parallel), so each gets its own result and progress.
const querySchema = z.object({ name: z.string().min(1).max(1024) });

export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    const actor = await requireStaffActor();
    const query = querySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
    if (!query.success) throw new AppError('bad_request:upload_name', 'Missing file name.');
    if (!req.body) throw new AppError('bad_request:upload_body', 'The file is empty.');
    const body = Readable.fromWeb(req.body as import('node:stream/web').ReadableStream);
    const result = await ingestFile(actor, { body, fileName: query.data.name, declaredBytes: declaredLength(req.headers) }, requestContextFrom(await headers()));
    const status = result.status === 'stored' ? 201 : result.status === 'rejected' ? 422 : result.status === 'conflict' ? 409 : 200;
    return Response.json(result, { status, headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
