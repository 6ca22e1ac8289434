// Share links for the studies ScanShare stored, and their link-session cookies
// from real access checks (one browser profile, one link after another: each
// check starts its own session, and earlier ones stay valid).
import { launchFreshProfile } from '../../lib/browser';
import { issueLink, linkSessionCookie } from '../../lib/share-link';
import type { LinkCookie } from '../figures/metadata-ab';
import type { BenchLink } from '../../lib/share-link';

export type IssuedLink = BenchLink & { studyId: string };

export async function issueLinks(studyId: string, count: number): Promise<IssuedLink[]> {
  const out: IssuedLink[] = [];
  for (let i = 0; i < count; i++) out.push({ ...(await issueLink([studyId])), studyId });
  return out;
}

export async function withCookies(baseUrl: string, links: IssuedLink[]): Promise<LinkCookie[]> {
  const profile = await launchFreshProfile(baseUrl);
  try {
    const page = profile.context.pages()[0] ?? (await profile.context.newPage());
    const out: LinkCookie[] = [];
    for (const link of links) out.push({ shareLinkId: link.shareLinkId, studyId: link.studyId, cookie: await linkSessionCookie(page, link) });
    return out;
  } finally {
    await profile.close();
  }
}
