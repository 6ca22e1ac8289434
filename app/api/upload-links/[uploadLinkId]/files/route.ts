import { Readable } from 'node:stream';
import type { NextRequest } from 'next/server';
import { AppError } from '@/lib/errors';
import { declaredLength } from '@/lib/ingest/upload-limits';
import { errorResponse } from '@/lib/http/error-response';
import { requestContextFrom } from '@/lib/http/request-context';
import { assertSameOrigin } from '@/lib/http/same-origin';
import { uploadSessionCookieName } from '@/lib/http/upload-session-cookie';
import { receiveQuarantineFile } from '@/lib/quarantine/receive-quarantine-file';
import { resolveUploadLinkActor } from '@/lib/upload-links/resolve-upload-link-actor';

export const dynamic = 'force-dynamic';

// One file per request, body = the raw bytes, streamed to quarantine as they arrive
// (the same protocol as /api/uploads, so the browser side is shared). The session
// is checked on every request: an expired, revoked or locked link answers 404.
// The file name is not needed and not read: it could carry patient data.
export async function POST(req: NextRequest, { params }: { params: Promise<{ uploadLinkId: string }> }) {
  try {
    assertSameOrigin(req);
    const { uploadLinkId } = await params;
    const context = requestContextFrom(req.headers);
    const actor = await resolveUploadLinkActor(req.cookies.get(uploadSessionCookieName())?.value, uploadLinkId, context);
    if (!req.body) throw new AppError('bad_request:upload_body', 'The file is empty.');
    const body = Readable.fromWeb(req.body as import('node:stream/web').ReadableStream);
    const result = await receiveQuarantineFile(actor, { body, declaredBytes: declaredLength(req.headers) }, context);
    const status = result.status === 'received' ? 201 : result.status === 'rejected' ? 422 : result.status === 'conflict' ? 409 : 200;
    return Response.json(result, { status, headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
