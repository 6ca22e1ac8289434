// What the two nginx origins serve besides the viewer's own files: the peer's
// app-config.js, a one-link "study list" page per study (the click that starts
// the clock, as on ScanShare's /links/<id>), and the static reference's manifest.
import fs from 'node:fs';
import path from 'node:path';
import { VIEWER_CONFIG } from '@/lib/viewer/app-config';
import { readDicomHeader } from '@/lib/dicom/read-dicom-header';

/**
 * OHIF's `dicomweb` data source as OHIF's Orthanc recipe configures it
 * (platform/app/public/config/docker-nginx-orthanc.js), on the same origin.
 * Everything else is ScanShare's own viewer configuration (same request limits,
 * workers, no study prefetcher), so only the data path differs.
 */
export function peerAppConfigJs(): string {
  const config = {
    ...VIEWER_CONFIG,
    name: 'scanshare-bench-peer',
    defaultDataSourceName: 'dicomweb',
    dataSources: [
      {
        namespace: '@ohif/extension-default.dataSourcesModule.dicomweb',
        sourceName: 'dicomweb',
        configuration: {
          friendlyName: 'Orthanc Server',
          name: 'Orthanc',
          wadoUriRoot: '/wado',
          qidoRoot: '/dicom-web',
          wadoRoot: '/dicom-web',
          qidoSupportsIncludeField: false,
          imageRendering: 'wadors',
          thumbnailRendering: 'wadors',
          omitQuotationForMultipartRequest: true,
        },
      },
    ],
  };
  return `// bench/peer: OHIF + Orthanc (dicomweb data source)\nwindow.config = ${JSON.stringify(config, null, 2)};\n`;
}

/**
 * A page with one "View" link, like a study list. It records the press as the
 * browser received it (pointerdown timestamp, epoch ms) in sessionStorage, which
 * survives the same-origin navigation to the viewer, so the clock starts exactly
 * where ScanShare's does (bench/lib/view-timeline.ts armClickClock).
 */
export function listPageHtml(title: string, viewerHref: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>
<script>document.addEventListener('pointerdown', function (e) {
  if (!sessionStorage.getItem('benchClickAt')) sessionStorage.setItem('benchClickAt', String(performance.timeOrigin + e.timeStamp));
}, { capture: true });
sessionStorage.removeItem('benchClickAt');</script>
<ul><li data-testid="shared-study">${title} <a href="${viewerHref}">View</a></li></ul>
</body></html>\n`;
}

export function writeListPage(listDir: string, name: string, title: string, viewerHref: string): string {
  fs.mkdirSync(listDir, { recursive: true });
  fs.writeFileSync(path.join(listDir, `${name}.html`), listPageHtml(title, viewerHref));
  return `/list/${name}.html`;
}

type Manifest = { studies: Array<{ series: Array<{ instances: Array<{ metadata: { SOPInstanceUID: string }; url: string }> }> }> };

/** SOPInstanceUID → file name, from each file's header (first 64 KiB). */
function sopToFile(files: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  const buf = Buffer.alloc(64 * 1024);
  for (const file of files) {
    const fd = fs.openSync(file, 'r');
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const size = fs.fstatSync(fd).size;
    fs.closeSync(fd);
    const h = readDicomHeader(new Uint8Array(buf.subarray(0, n)), size);
    if (!h.ok) throw new Error(`${file}: ${h.message}`);
    map.set(h.header.sopInstanceUid, path.basename(file));
  }
  return map;
}

/**
 * ScanShare's own manifest for the study (same metadata, byte for byte) with
 * each presigned URL replaced by the file's URL on the static origin.
 */
export function staticManifest(manifestJson: string, files: readonly string[], urlPrefix: string): string {
  const manifest = JSON.parse(manifestJson) as Manifest;
  const files_ = sopToFile(files);
  for (const study of manifest.studies) {
    for (const series of study.series) {
      for (const instance of series.instances) {
        const name = files_.get(instance.metadata.SOPInstanceUID);
        if (!name) throw new Error(`no file for instance ${instance.metadata.SOPInstanceUID}`);
        instance.url = `dicomweb:${urlPrefix}/${name}`;
      }
    }
  }
  return JSON.stringify(manifest);
}
