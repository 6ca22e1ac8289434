import type { CdLayout } from './cd-layout';

/** The README at the root of a downloaded study: plain words, no patient data. */
export function cdReadme(layout: CdLayout): string {
  return [
    'ScanShare - copy of an imaging study',
    '====================================',
    '',
    'This archive holds a medical imaging study in the DICOM format, laid out like',
    'a CD from a hospital: open the DICOMDIR file with any DICOM viewer (for',
    'example the one your doctor or hospital uses), or import the whole folder',
    'into a PACS. The images themselves are in the DICOM folder.',
    '',
    `Contents: ${layout.files.length} images in ${layout.seriesCount} series.`,
    '',
    'Keep this copy private: it contains personal health information.',
    '',
  ].join('\r\n');
}
