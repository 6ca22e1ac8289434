// Debian's Chromium, launched as the project's Playwright config does, each run
// with its own profile folder (a persistent context), so "cold" means an empty
// HTTP cache and code cache, and "warm" reuses the same folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from '@playwright/test';

export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export type Profile = { dir: string; context: BrowserContext; close(): Promise<void> };

export async function launchFreshProfile(baseURL: string): Promise<Profile> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scanshare-bench-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath,
    args: chromiumArgs,
    baseURL,
    viewport: { width: 1280, height: 900 },
  });
  // Resource Timing keeps 250 entries by default; a 300-slice study needs more.
  await context.addInitScript(() => performance.setResourceTimingBufferSize(10_000));
  return {
    dir,
    context,
    async close() {
      await context.close().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function chromiumVersion(): Promise<string> {
  const browser = await chromium.launch({ executablePath, args: chromiumArgs });
  try {
    return browser.version();
  } finally {
    await browser.close();
  }
}
