import { headers } from 'next/headers';
import { Readable } from 'node:stream';
import { currentLinkActor } from '@/lib/http/current-link-actor';
import { requestContextFrom } from '@/lib/http/request-context';
import { errorResponse } from '@/lib/http/error-response';
import { exportStudyZip } from '@/lib/studies/export-study-zip';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, { params }: { params: Promise<{ linkId: string; studyId: string }> }) {
  try {
    const { linkId, studyId } = await params;
    const actor = await currentLinkActor(linkId);
    const zip = await exportStudyZip(actor, studyId, requestContextFrom(await headers()));
    req.signal.addEventListener('abort', () => zip.stream.destroy());
    return new Response(Readable.toWeb(zip.stream) as ReadableStream, {
      headers: {
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename="${zip.fileName}"`,
        'cache-control': 'no-store',
      },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
