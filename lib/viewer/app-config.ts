// public/viewer/app-config.js: OHIF's runtime configuration for the embedded,
// offline viewer. One data source (dicomjson: the portal's manifest route hands
// out presigned instance URLs), no study list, no analytics, no external URL.
import { VIEWER_BASE } from './ohif-release';

export const DICOMJSON_SOURCE = {
  namespace: '@ohif/extension-default.dataSourcesModule.dicomjson',
  sourceName: 'dicomjson',
  configuration: {
    friendlyName: 'ScanShare',
    name: 'json',
    // A CORS-safelisted Accept value. OHIF's default for the image loader is
    // `multipart/related; type="application/octet-stream"; transfer-syntax=*`,
    // whose quotes make every presigned GET a preflighted request: one extra
    // OPTIONS round trip per instance, uncached because each URL is unique.
    // S3 ignores Accept and returns the Part 10 object either way.
    acceptHeader: ['application/dicom'],
  },
} as const;

/**
 * Tuned for a 2-core client loading a ~300-slice CT from S3 over HTTP/1.1
 * (6 connections per origin): the viewport's own requests ("interaction") are
 * not capped; thumbnails and prefetch stay below the connection limit so a
 * scroll or a series switch is not queued behind background downloads.
 */
export const VIEWER_CONFIG = {
  name: 'scanshare',
  routerBasename: VIEWER_BASE,
  extensions: [],
  modes: [],
  customizationService: {},
  showStudyList: false,
  investigationalUseDialog: { option: 'never' },
  maxNumberOfWebWorkers: 4,
  maxNumRequests: { interaction: 100, thumbnail: 4, prefetch: 6 },
  studyPrefetcher: { enabled: false },
  // No SharedArrayBuffer without cross-origin isolation; AUTO falls back.
  useSharedArrayBuffer: 'AUTO',
  showWarningMessageForCrossOrigin: false,
  showCPUFallbackMessage: true,
  showLoadingIndicator: true,
  strictZSpacingForVolumeViewport: true,
  showErrorDetails: 'dev',
  defaultDataSourceName: DICOMJSON_SOURCE.sourceName,
  dataSources: [DICOMJSON_SOURCE],
} as const;

export function appConfigJs(): string {
  return [
    '// Written by scripts/setup-viewer.ts (lib/viewer/app-config.ts). Do not edit.',
    `window.config = ${JSON.stringify(VIEWER_CONFIG, null, 2)};`,
    // OHIF's sample handler points people at ohif.org; ours only logs.
    'window.config.httpErrorHandler = function (error) { console.warn("viewer request failed", error && error.status); };',
    '',
  ].join('\n');
}
