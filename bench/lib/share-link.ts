// Issues a share link in-process with the domain function (as the demo front
// desk), then opens it through the real /s/<token> page and access check, the
// way a recipient does.
import type { Page } from '@playwright/test';
import { seedDemoAccounts } from '@/db/seed';
import { createShareLink } from '@/lib/shares/create-share-link';
import { noRequestContext } from '@/lib/audit/record-audit';
import { Recipient } from '../../tests/pages/recipient';

export type BenchLink = { shareLinkId: string; url: string; accessCode: string };

export async function issueLink(studyIds: string[]): Promise<BenchLink> {
  const staff = await seedDemoAccounts(); // idempotent: returns the demo front desk
  const link = await createShareLink(staff, { studyIds, expiresInDays: 7, accessCheck: 'code' }, noRequestContext);
  if (!link.accessCode) throw new Error('a code link came back without its code');
  return { shareLinkId: link.shareLinkId, url: link.url, accessCode: link.accessCode };
}

/** Passes the access check in `page`; resolves on the shared-studies page. */
export async function openLink(page: Page, link: BenchLink): Promise<void> {
  const recipient = new Recipient(page);
  await recipient.open(link.url);
  await recipient.answer(link.accessCode);
  await page.waitForURL(new RegExp(`/links/${link.shareLinkId}$`), { timeout: 30_000 });
}

/** The link-session cookie after a real access check, as a Cookie header value. */
export async function linkSessionCookie(page: Page, link: BenchLink): Promise<string> {
  await openLink(page, link);
  const cookie = (await page.context().cookies()).find((c) => c.name.endsWith('scanshare-link'));
  if (!cookie) throw new Error('the access check set no link-session cookie');
  return `${cookie.name}=${cookie.value}`;
}
