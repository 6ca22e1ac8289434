import { OpenShareLinkView } from './open-share-link-view';

export const dynamic = 'force-dynamic';

// proxy.ts sends every GET of /s/<token> on to /s/open; this page answers what it lets through
// (a token that is not well formed: the not-found page).
export default async function OpenShareLinkPage({ params }: { params: Promise<{ token: string }> }) {
  return <OpenShareLinkView token={(await params).token} />;
}
