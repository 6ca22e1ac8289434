// Browser entry of public/viewer/scanshare-refresh.js: scripts/setup-viewer.ts
// bundles this file (with ./refresh-url) into a classic script that index.html
// loads before OHIF's own bundles.
//
// Where OHIF fetches: the dicomjson data source turns each manifest `url`
// ("dicomweb:<presigned URL>") into a cornerstone imageId; the
// @cornerstonejs/dicom-image-loader `dicomweb:`/`wadouri:` loader downloads it
// with `new XMLHttpRequest()` on the main thread (internal/xhrRequest.js:
// options.open -> xhr.open('get', url, true)). Web workers only decode pixels
// they are handed; they never fetch instances. So wrapping
// XMLHttpRequest.prototype.open in the page is enough. fetch is wrapped too, in
// case a later OHIF moves to it, and to learn the server's clock from the
// manifest response (which OHIF fetches with fetch()).
import { clockBehindMs, refreshUrlFor } from './refresh-url';

interface MinimalResponse {
  headers: { get(name: string): string | null };
}
type FetchFn = (input: unknown, init?: unknown) => Promise<MinimalResponse>;
interface RefreshWindow {
  location: { href: string };
  XMLHttpRequest: { prototype: { open: (...args: unknown[]) => void } };
  fetch?: FetchFn;
  Request?: new (input: unknown, init?: unknown) => { url: string; method: string };
  __scanshareRefreshInstalled?: boolean;
}

function manifestUrlOf(pageUrl: string): string | null {
  try {
    const page = new URL(pageUrl);
    const raw = page.searchParams.get('url');
    return raw === null ? null : new URL(raw, page).href;
  } catch {
    return null;
  }
}

export function installRefresh(win: RefreshWindow): void {
  if (win.__scanshareRefreshInstalled) return;
  win.__scanshareRefreshInstalled = true;
  let behindMs = 0;
  // OHIF's router may rewrite the address bar after boot; the manifest URL the
  // page was opened with stays the reference when `?url=` disappears.
  const initialPageUrl = win.location.href;
  const pageUrl = (): string => (manifestUrlOf(win.location.href) !== null ? win.location.href : initialPageUrl);
  const rewrite = (url: string): string | null =>
    refreshUrlFor(url, { pageUrl: pageUrl(), nowMs: Date.now() + behindMs });

  const originalOpen = win.XMLHttpRequest.prototype.open;
  win.XMLHttpRequest.prototype.open = function open(this: unknown, ...args: unknown[]) {
    // Keep the caller's argument count: open(m, u) is async, open(m, u, undefined) is not.
    const url = args[1];
    if (typeof url === 'string' || url instanceof URL) {
      const replacement = rewrite(String(url));
      if (replacement !== null) args[1] = replacement;
    }
    return originalOpen.apply(this, args);
  };

  const originalFetch = win.fetch;
  const RequestCtor = win.Request;
  if (!originalFetch || !RequestCtor) return;
  const wrapped: FetchFn = (input, init) => {
    let effective = input;
    let requested: string | null = null;
    if (typeof input === 'string' || input instanceof URL) {
      requested = String(input);
      effective = rewrite(requested) ?? input;
    } else if (input instanceof RequestCtor) {
      requested = input.url;
      const replacement = input.method === 'GET' ? rewrite(input.url) : null;
      if (replacement !== null) effective = new RequestCtor(replacement, input);
    }
    const pending = originalFetch.call(win, effective, init);
    const manifestUrl = manifestUrlOf(pageUrl());
    if (requested === null || manifestUrl === null) return pending;
    let isManifest = false;
    try {
      isManifest = new URL(requested, win.location.href).href === manifestUrl;
    } catch {
      isManifest = false;
    }
    if (!isManifest) return pending;
    return pending.then((response) => {
      behindMs = clockBehindMs(response.headers.get('date'), Date.now());
      return response;
    });
  };
  win.fetch = wrapped;
}
