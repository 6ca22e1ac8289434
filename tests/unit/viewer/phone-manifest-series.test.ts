import { test } from 'node:test';
import assert from 'node:assert/strict';
import { middleSliceIndex, phoneSeriesFrom, refreshPageUrl } from '@/lib/viewer/phone/manifest-series';
import { refreshUrlFor } from '@/lib/viewer/refresh-url';

const url = (n: string) => `dicomweb:https://s3.example.org/bucket/instances/${n}?X-Amz-Date=20261204T120000Z&X-Amz-Expires=600`;
const inst = (n: string, instanceNumber?: number, rows = 64) => ({ url: url(n), metadata: { InstanceNumber: instanceNumber, Rows: rows } });
const manifestOf = (series: unknown[]) => ({ studies: [{ StudyInstanceUID: '1.2', series }] });

test('series come in series-number order, their images in instance-number order', () => {
  const list = phoneSeriesFrom(manifestOf([
    { SeriesInstanceUID: '1.2.2', SeriesNumber: 2, SeriesDescription: 'B', Modality: 'CT', instances: [inst('c', 2), inst('d', 1)] },
    { SeriesInstanceUID: '1.2.1', SeriesNumber: 1, SeriesDescription: 'A', Modality: 'CT', instances: [inst('b', 3), inst('a', 1), inst('m', 2)] },
  ]));
  assert.deepEqual(list.map((s) => s.uid), ['1.2.1', '1.2.2']);
  assert.deepEqual(list[0]!.imageIds, [url('a'), url('m'), url('b')]);
  assert.deepEqual(list[1]!.imageIds, [url('d'), url('c')]);
});

test('objects without pixels, unknown URL schemes and empty series are left out', () => {
  const list = phoneSeriesFrom(manifestOf([
    { SeriesInstanceUID: 'sr', SeriesNumber: 9, Modality: 'SR', instances: [{ url: url('sr'), metadata: {} }] },
    { SeriesInstanceUID: 'ct', SeriesNumber: null, Modality: 'CT', instances: [inst('x', 1), { url: 'javascript:alert(1)', metadata: { Rows: 64 } }] },
  ]));
  assert.deepEqual(list.map((s) => [s.uid, s.imageIds.length]), [['ct', 1]]);
});

test('a manifest of another shape is refused, not half read', () => {
  assert.throws(() => phoneSeriesFrom({ studies: [] }));
  assert.throws(() => phoneSeriesFrom({ studies: [{ series: [{ instances: 'x' }] }] }));
});

test('a series opens on its middle slice', () => {
  assert.equal(middleSliceIndex(21), 10);
  assert.equal(middleSliceIndex(120), 60);
  assert.equal(middleSliceIndex(1), 0);
  assert.equal(middleSliceIndex(0), 0);
});

test('an expiring instance URL is swapped for the link refresh route, as in OHIF', () => {
  const pageUrl = refreshPageUrl('https://portal.example.org', '/api/links/L1/studies/S1/manifest');
  const presigned = url('abc').slice('dicomweb:'.length);
  const expiresAt = Date.UTC(2026, 11, 4, 12, 10, 0);
  assert.equal(refreshUrlFor(presigned, { pageUrl, nowMs: expiresAt - 30_000 }), 'https://portal.example.org/api/links/L1/instances/abc/object');
  assert.equal(refreshUrlFor(presigned, { pageUrl, nowMs: expiresAt - 300_000 }), null);
});
