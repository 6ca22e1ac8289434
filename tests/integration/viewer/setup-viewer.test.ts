// Runs scripts/setup-viewer.ts for real (npm pack on first run, then the
// .data/cache tarball) and checks what it leaves in public/viewer/, plus the
// presigned-URL refresh rule both as a pure function and as the shipped script.
//   node --import tsx --test tests/integration/viewer/setup-viewer.test.ts
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import vm from 'node:vm';
import { inlineScripts, rootRelativeRefs } from '../../../lib/viewer/rewrite-dist';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const viewerDir = path.join(root, 'public', 'viewer');
const requireCjs = createRequire(import.meta.url);
const { viewerCsp } = requireCjs('../../../lib/viewer/next-viewer-config.cjs') as { viewerCsp: (o: string) => string };
const run = promisify(execFile);
const setup = () =>
  run(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/setup-viewer.ts')], { cwd: root, timeout: 300_000 });

let indexHtml = '';
before(async () => {
  await setup();
  indexHtml = await readFile(path.join(viewerDir, 'index.html'), 'utf8');
});

describe('[VIEWER] setup-viewer', () => {
  test('[VIEWER] public/viewer/index.html exists and references only /viewer/ paths', () => {
    const refs = rootRelativeRefs(indexHtml);
    assert.ok(refs.length > 10);
    assert.deepEqual(refs.filter((r) => !r.startsWith('/viewer/')), []);
    assert.doesNotMatch(indexHtml, /init-service-worker/);
    assert.match(indexHtml, /window\.PUBLIC_URL="\/viewer\/"/);
  });

  test('[VIEWER] the refresh script loads before app-config.js and every bundle', () => {
    const refresh = indexHtml.indexOf('<script src="/viewer/scanshare-refresh.js"></script>');
    assert.ok(refresh > 0, 'refresh script tag present');
    const firstOther = Math.min(indexHtml.indexOf('/viewer/app-config.js'), indexHtml.indexOf('/viewer/app.bundle.'));
    assert.ok(refresh < firstOther);
    assert.ok(existsSync(path.join(viewerDir, 'scanshare-refresh.js')));
  });

  test('[VIEWER] app-config.js has the dicomjson source and nothing external', async () => {
    const text = await readFile(path.join(viewerDir, 'app-config.js'), 'utf8');
    const sandbox: { window: { config?: Record<string, unknown> }; console: Console } = { window: {}, console };
    vm.runInNewContext(text, sandbox);
    const config = sandbox.window.config as {
      routerBasename: string; showStudyList: boolean; defaultDataSourceName: string;
      investigationalUseDialog: { option: string };
      dataSources: { namespace: string; sourceName: string; configuration: { friendlyName: string; name: string } }[];
    };
    assert.equal(config.routerBasename, '/viewer');
    assert.equal(config.showStudyList, false);
    assert.equal(config.defaultDataSourceName, 'dicomjson');
    assert.equal(config.investigationalUseDialog.option, 'never');
    assert.equal(config.dataSources.length, 1);
    const [source] = config.dataSources;
    assert.equal(source?.namespace, '@ohif/extension-default.dataSourcesModule.dicomjson');
    assert.equal(source?.sourceName, 'dicomjson');
    assert.equal(source?.configuration.friendlyName, 'ScanShare');
    assert.equal(source?.configuration.name, 'json');
    assert.doesNotMatch(text, /https?:\/\//);
  });

  test('[VIEWER] ort/, dicom-microscopy-viewer/ and the service worker are left out', () => {
    for (const omitted of ['ort', 'dicom-microscopy-viewer', 'sw.js', 'init-service-worker.js']) {
      assert.equal(existsSync(path.join(viewerDir, omitted)), false, omitted);
    }
  });

  test('[VIEWER] every webpack public path and CSS url() points under /viewer/', async () => {
    let moved = 0;
    for (const name of await readdir(viewerDir)) {
      if (!name.endsWith('.js') && !name.endsWith('.css')) continue;
      const text = await readFile(path.join(viewerDir, name), 'utf8');
      assert.equal(text.includes('__webpack_require__.p = "/";'), false, name);
      assert.doesNotMatch(text, /url\(["']?\/(?!viewer\/)/, name);
      if (text.includes('__webpack_require__.p = "/viewer/";')) moved += 1;
    }
    assert.equal(moved, 8);
  });

  test('[VIEWER] the CSP hashes every inline script of index.html', () => {
    const csp = viewerCsp('http://localhost:19000');
    const scripts = inlineScripts(indexHtml);
    assert.equal(scripts.length, 2);
    for (const body of scripts) {
      assert.ok(csp.includes(`'sha256-${createHash('sha256').update(body).digest('base64')}'`), body);
    }
    assert.match(csp, /connect-src 'self' http:\/\/localhost:19000;/);
  });

  test('[VIEWER] the shipped scanshare-refresh.js rewrites an expired presigned XHR to the refresh route', async () => {
    const code = await readFile(path.join(viewerDir, 'scanshare-refresh.js'), 'utf8');
    const opened: unknown[][] = [];
    class FakeXhr {
      open(...args: unknown[]): void {
        opened.push(args);
      }
    }
    const page = 'http://portal.test/viewer/viewer/dicomjson?url=' + encodeURIComponent('/api/links/L1/studies/S1/manifest');
    const sandbox = { XMLHttpRequest: FakeXhr, location: { href: page }, URL, URLSearchParams, Date, Number } as Record<string, unknown>;
    sandbox.window = sandbox;
    vm.runInNewContext(code, sandbox);
    const expired = 'http://s3.test/bucket/instances/abc-123?X-Amz-Date=20200101T000000Z&X-Amz-Expires=300&X-Amz-Signature=x';
    const fresh = `http://s3.test/bucket/instances/abc-123?X-Amz-Date=${new Date().toISOString().replace(/[-:]|\.\d{3}/g, '')}&X-Amz-Expires=600`;
    new FakeXhr().open('get', expired, true);
    new FakeXhr().open('get', fresh);
    assert.deepEqual(opened, [
      ['get', 'http://portal.test/api/links/L1/instances/abc-123/object', true],
      ['get', fresh],
    ]);
  });

  test('[VIEWER] a second run is a no-op', async () => {
    const { stdout } = await setup();
    assert.match(stdout, /already set up/);
  });
});
