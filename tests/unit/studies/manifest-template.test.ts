import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillManifestTemplate, manifestTemplateFromRows, type ManifestTemplateRow } from '@/lib/studies/manifest-template';

const row = (seriesId: string, n: number, metadata: Record<string, unknown>, modality = 'CT'): ManifestTemplateRow => ({
  objectKey: `instances/${seriesId}-${n}`,
  seriesId,
  seriesInstanceUid: `1.2.${seriesId}`,
  seriesNumber: seriesId === 'a' ? 1 : null,
  seriesDescription: `series ${seriesId}`,
  modality,
  metadataJson: JSON.stringify(metadata),
});

const urlFor = (key: string) => `https://s3.test/${key}?X-Amz-Signature=abc&"quoted"`;

test('[VIEWER] a filled template is the series array, each instance paired with the URL of its own object', () => {
  // Control characters in the data (U+0001 included) are escaped in JSON text, so they never look like a slot.
  const rows = [row('a', 1, { InstanceNumber: 1, Note: 'x\u0001y' }), row('a', 2, { InstanceNumber: 2 }), row('b', 1, { InstanceNumber: 1 }, 'SR')];
  const template = manifestTemplateFromRows(rows);
  assert.equal(template.instanceCount, 3);
  assert.equal(template.modalities, 'CT\\SR');
  assert.deepEqual(template.objectKeys, ['instances/a-1', 'instances/a-2', 'instances/b-1']);
  const filled = fillManifestTemplate(template, urlFor);
  assert.ok(filled !== null);
  assert.deepEqual(JSON.parse(filled), [
    {
      SeriesInstanceUID: '1.2.a',
      SeriesNumber: 1,
      SeriesDescription: 'series a',
      Modality: 'CT',
      instances: [
        { metadata: { InstanceNumber: 1, Note: 'x\u0001y' }, url: `dicomweb:${urlFor('instances/a-1')}` },
        { metadata: { InstanceNumber: 2 }, url: `dicomweb:${urlFor('instances/a-2')}` },
      ],
    },
    { SeriesInstanceUID: '1.2.b', SeriesNumber: null, SeriesDescription: 'series b', Modality: 'SR', instances: [{ metadata: { InstanceNumber: 1 }, url: `dicomweb:${urlFor('instances/b-1')}` }] },
  ]);
});

test('[VIEWER] rows of one series that are not adjacent still get their own URLs', () => {
  const template = manifestTemplateFromRows([row('a', 1, { n: 'a1' }), row('b', 1, { n: 'b1' }), row('a', 2, { n: 'a2' })]);
  const series = JSON.parse(fillManifestTemplate(template, (key) => key)!) as Array<{ instances: Array<{ metadata: { n: string }; url: string }> }>;
  const pairs = series.flatMap((s) => s.instances.map((i) => [i.metadata.n, i.url]));
  assert.deepEqual(pairs, [
    ['a1', 'dicomweb:instances/a-1'],
    ['a2', 'dicomweb:instances/a-2'],
    ['b1', 'dicomweb:instances/b-1'],
  ]);
});

test('[VIEWER] a template whose slots and keys do not pair up is refused, not filled', () => {
  const template = manifestTemplateFromRows([row('a', 1, {}), row('a', 2, {})]);
  assert.equal(fillManifestTemplate({ ...template, objectKeys: template.objectKeys.slice(1) }, urlFor), null);
  assert.equal(fillManifestTemplate({ ...template, seriesJson: template.seriesJson.replace('\u0001', '"x"') }, urlFor), null);
});

test('[VIEWER] a study without instances fills to an empty series array', () => {
  assert.equal(fillManifestTemplate(manifestTemplateFromRows([]), urlFor), '[]');
});
