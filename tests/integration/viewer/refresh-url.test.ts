// The presigned-URL refresh rule (lib/viewer/refresh-url.ts), which is bundled
// unchanged into public/viewer/scanshare-refresh.js.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  REFRESH_MARGIN_MS,
  clockBehindMs,
  parseAmzDate,
  refreshEndpoint,
  refreshUrlFor,
} from '../../../lib/viewer/refresh-url';

const PORTAL = 'https://portal.example';
const SIGNED_AT = Date.UTC(2026, 10, 25, 10, 0, 0); // 20261125T100000Z
const TTL_S = 300;
const EXPIRY = SIGNED_AT + TTL_S * 1000;
const page = (manifest: string) => `${PORTAL}/viewer/viewer/dicomjson?url=${encodeURIComponent(manifest)}`;
const PAGE = page('/api/links/link-1/studies/study-9/manifest');
const s3 = (key: string, extra = '') =>
  `http://localhost:19000/scanshare/${key}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261125T100000Z&X-Amz-Expires=${TTL_S}&X-Amz-Signature=abc${extra}`;
const REFRESH = `${PORTAL}/api/links/link-1/instances/0b7e-42/object`;

describe('[VIEWER] refreshUrlFor', () => {
  test('[VIEWER] a URL well inside its lifetime is left alone', () => {
    assert.equal(refreshUrlFor(s3('instances/0b7e-42'), { pageUrl: PAGE, nowMs: SIGNED_AT + 1000 }), null);
    assert.equal(refreshUrlFor(s3('instances/0b7e-42'), { pageUrl: PAGE, nowMs: EXPIRY - REFRESH_MARGIN_MS - 1 }), null);
  });

  test('[VIEWER] an expired URL, or one within the margin of expiry, goes to the refresh route', () => {
    assert.equal(refreshUrlFor(s3('instances/0b7e-42'), { pageUrl: PAGE, nowMs: EXPIRY - REFRESH_MARGIN_MS }), REFRESH);
    assert.equal(refreshUrlFor(s3('instances/0b7e-42'), { pageUrl: PAGE, nowMs: EXPIRY + 3600_000 }), REFRESH);
  });

  test('[VIEWER] the manifest URL may be absolute same-origin and sit under a base path', () => {
    const later = { nowMs: EXPIRY + 1 };
    assert.equal(refreshUrlFor(s3('instances/0b7e-42'), { pageUrl: page(`${PORTAL}/api/links/link-1/studies/s/manifest`), ...later }), REFRESH);
    assert.equal(
      refreshUrlFor(s3('instances/0b7e-42'), { pageUrl: page('/portal/api/links/link-1/studies/s/manifest'), ...later }),
      `${PORTAL}/portal/api/links/link-1/instances/0b7e-42/object`,
    );
  });

  test('[VIEWER] virtual-hosted-style S3 URLs work too', () => {
    const url = `https://scanshare.s3.eu-west-1.amazonaws.com/instances/0b7e-42?X-Amz-Date=20261125T100000Z&X-Amz-Expires=${TTL_S}`;
    assert.equal(refreshUrlFor(url, { pageUrl: PAGE, nowMs: EXPIRY }), REFRESH);
  });

  test('[VIEWER] nothing is rewritten without a same-origin manifest of the expected shape', () => {
    const nowMs = EXPIRY + 1;
    const url = s3('instances/0b7e-42');
    assert.equal(refreshUrlFor(url, { pageUrl: `${PORTAL}/viewer/viewer/dicomjson`, nowMs }), null);
    assert.equal(refreshUrlFor(url, { pageUrl: page('https://evil.example/api/links/l/studies/s/manifest'), nowMs }), null);
    assert.equal(refreshUrlFor(url, { pageUrl: page('/api/other/manifest'), nowMs }), null);
    assert.equal(refreshUrlFor(url, { pageUrl: page('/api/links/l/studies/s/manifest/extra'), nowMs }), null);
  });

  test('[VIEWER] only presigned cross-origin instance objects are rewritten', () => {
    const ctx = { pageUrl: PAGE, nowMs: EXPIRY + 1 };
    assert.equal(refreshUrlFor(s3('staging/0b7e-42'), ctx), null, 'not under instances/');
    assert.equal(refreshUrlFor(s3('instances/'), ctx), null, 'no id');
    assert.equal(refreshUrlFor('http://localhost:19000/scanshare/instances/0b7e-42', ctx), null, 'unsigned');
    assert.equal(refreshUrlFor(`${PORTAL}/api/links/link-1/instances/0b7e-42/object`, ctx), null, 'same origin');
    assert.equal(refreshUrlFor(s3('instances/0b7e-42').replace('X-Amz-Expires=300', 'X-Amz-Expires=soon'), ctx), null);
    assert.equal(refreshUrlFor(s3('instances/0b7e-42').replace('20261125T100000Z', '2026-11-25'), ctx), null);
    assert.equal(refreshUrlFor('data:application/dicom;base64,AAAA', ctx), null);
    assert.equal(refreshUrlFor('not a url at all', { pageUrl: 'not a page', nowMs: 0 }), null);
  });

  test('[VIEWER] an instance id that could escape the route is refused', () => {
    const ctx = { pageUrl: PAGE, nowMs: EXPIRY + 1 };
    assert.equal(refreshUrlFor(s3('instances/..%2F..%2Fadmin'), ctx), null);
    assert.equal(refreshUrlFor(s3('instances/%2E%2E'), ctx), null);
    assert.equal(refreshUrlFor(s3('instances/%E0%A4%A'), ctx), null, 'malformed escape');
    assert.equal(refreshEndpoint(PAGE, 'a/b'), null);
    assert.equal(refreshEndpoint(PAGE, '..'), null);
  });
});

describe('[VIEWER] clock helpers', () => {
  test('[VIEWER] X-Amz-Date parses as UTC and rejects other shapes', () => {
    assert.equal(parseAmzDate('20261125T100000Z'), SIGNED_AT);
    assert.equal(parseAmzDate('2026-11-25T10:00:00Z'), null);
    assert.equal(parseAmzDate(''), null);
  });

  test('[VIEWER] only a client clock that runs behind the server is corrected', () => {
    const server = 'Wed, 25 Nov 2026 10:05:00 GMT';
    assert.equal(clockBehindMs(server, SIGNED_AT), 300_000);
    assert.equal(clockBehindMs(server, SIGNED_AT + 600_000), 0);
    assert.equal(clockBehindMs(null, SIGNED_AT), 0);
    assert.equal(clockBehindMs('garbage', SIGNED_AT), 0);
  });
});
