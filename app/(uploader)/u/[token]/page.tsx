import { OpenUploadLinkView } from './open-upload-link-view';

export const dynamic = 'force-dynamic';

// proxy.ts sends every GET of /u/<token> on to /u/open; this page answers what it lets through
// (a token that is not well formed: the not-found page).
export default async function OpenUploadLinkPage({ params }: { params: Promise<{ token: string }> }) {
  return <OpenUploadLinkView token={(await params).token} />;
}
