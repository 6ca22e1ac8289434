// Moves OHIF's prebuilt dist from `/` to VIEWER_BASE. The build hard-codes its
// public path in three kinds of places, and only those are touched:
//  1. webpack's runtime `__webpack_require__.p = "/";` in each entry/worker
//     bundle (lazy chunks, workers, wasm and images are all loaded from it;
//     window.PUBLIC_URL does not move them);
//  2. index.html's inline `window.PUBLIC_URL="/"` and its src/href/content URLs,
//     plus the web-app manifests' icon URLs;
//  3. CSS `url(/…)`.
// Each rewrite states how many matches it expects and throws otherwise, so an
// OHIF upgrade that moves things fails setup loudly instead of shipping a
// viewer that 404s its chunks.
import { VIEWER_BASE } from './ohif-release';

const BASE = `${VIEWER_BASE}/`;

export class RewriteError extends Error {
  override name = 'RewriteError';
}

function replaceCounted(text: string, search: string | RegExp, replacement: string, what: string, expected: number | 'some'): string {
  const pattern = typeof search === 'string' ? new RegExp(search.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g') : search;
  let count = 0;
  const out = text.replace(pattern, (...args: unknown[]) => {
    count += 1;
    // Allow `$1`-style group references in the replacement.
    return replacement.replace(/\$(\d)/g, (_, n: string) => String(args[Number(n)] ?? ''));
  });
  if (expected === 'some' ? count === 0 : count !== expected) {
    throw new RewriteError(`${what}: expected ${expected} match(es), found ${count}`);
  }
  return out;
}

export const PUBLIC_PATH_ASSIGNMENT = '__webpack_require__.p = "/";';

/** Number of webpack public-path assignments in one bundle (0 for plain chunks). */
export function countPublicPathAssignments(js: string): number {
  return js.split(PUBLIC_PATH_ASSIGNMENT).length - 1;
}

/** Rewrites the one webpack runtime public-path assignment of an entry bundle. */
export function rewriteBundlePublicPath(js: string, file: string): string {
  return replaceCounted(js, PUBLIC_PATH_ASSIGNMENT, `__webpack_require__.p = "${BASE}";`, `${file} public path`, 1);
}

/** The app bundle imports the microscopy viewer by absolute URL (not via webpack). */
export function rewriteAppBundleImports(js: string, file: string): string {
  return replaceCounted(
    js,
    "window.browserImportFunction('/dicom-microscopy-viewer/",
    `window.browserImportFunction('${BASE}dicom-microscopy-viewer/`,
    `${file} dicom-microscopy-viewer import`,
    1,
  );
}

export function rewriteCssUrls(css: string, file: string): string {
  return replaceCounted(css, /url\((["']?)\/(?!\/)/g, `url($1${BASE}`, `${file} url(/…)`, 'some');
}

/** Icon URLs in manifest.json, browserconfig.xml, manifest.webapp, yandex manifest. */
export function rewriteAssetManifest(text: string, file: string): string {
  return replaceCounted(text, /(["'>])\/assets\//g, `$1${BASE}assets/`, `${file} /assets/ URLs`, 'some');
}

const INLINE_SCRIPT = /<script>([^<]*)<\/script>/g;
const SERVICE_WORKER_TAG = '<script rel="preload" as="script" type="module" src="/init-service-worker.js"></script>';
const APP_CONFIG_TAG = `<script rel="preload" as="script" src="${BASE}app-config.js"></script>`;

/** Inline <script> bodies of an HTML document, in order. */
export function inlineScripts(html: string): string[] {
  return [...html.matchAll(INLINE_SCRIPT)].map((m) => m[1] ?? '');
}

/** Every src/href/content value that is a root-relative path. */
export function rootRelativeRefs(html: string): string[] {
  return [...html.matchAll(/\s(?:src|href|content)="(\/[^"]*)"/g)].map((m) => m[1] ?? '');
}

/**
 * index.html: move URLs under the base, drop the service-worker bootstrap, and
 * load the presigned-URL refresh script before app-config.js and the bundles.
 * `expectedInlineScripts` is the CSP-hashed list from next-viewer-config.cjs.
 */
export function rewriteIndexHtml(html: string, refreshScript: string, expectedInlineScripts: readonly string[]): string {
  let out = replaceCounted(html, SERVICE_WORKER_TAG, '', 'index.html service worker bootstrap', 1);
  out = replaceCounted(out, /(\s(?:src|href|content)=")\/(?!\/)/g, `$1${BASE}`, 'index.html root-relative URLs', 'some');
  out = replaceCounted(out, 'window.PUBLIC_URL="/"', `window.PUBLIC_URL="${BASE}"`, 'index.html PUBLIC_URL', 2);
  out = replaceCounted(out, APP_CONFIG_TAG, `<script src="${BASE}${refreshScript}"></script>${APP_CONFIG_TAG}`, 'index.html app-config tag', 1);
  const inline = inlineScripts(out);
  if (inline.length !== expectedInlineScripts.length || inline.some((s, i) => s !== expectedInlineScripts[i])) {
    throw new RewriteError(
      `index.html inline scripts changed; update VIEWER_INLINE_SCRIPTS in lib/viewer/next-viewer-config.cjs (CSP hashes) to: ${JSON.stringify(inline)}`,
    );
  }
  const outside = rootRelativeRefs(out).filter((ref) => !ref.startsWith(BASE));
  if (outside.length > 0) throw new RewriteError(`index.html still references ${outside.join(', ')}`);
  return out;
}
