// Serialises one naturalized dataset (DICOM keywords -> values) as a Part-10 file in
// Explicit VR Little Endian, with the file meta information derived from it.
import dcmjs from 'dcmjs';
import { implementationClassUid, implementationVersionName, transferSyntaxUids } from './uids';

const { DicomDict, DicomMetaDictionary } = dcmjs.data;

export type NaturalizedDataset = Record<string, unknown> & {
  SOPClassUID: string;
  SOPInstanceUID: string;
};

export function writePart10(dataset: NaturalizedDataset): Uint8Array {
  // dcmjs silently drops keywords it does not know; a typo would lose a tag unnoticed.
  for (const keyword of Object.keys(dataset)) {
    if (keyword !== '_vrMap' && !DicomMetaDictionary.nameMap[keyword]) {
      throw new Error(`writePart10: unknown DICOM keyword "${keyword}"`);
    }
  }
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: dataset.SOPClassUID,
    MediaStorageSOPInstanceUID: dataset.SOPInstanceUID,
    TransferSyntaxUID: transferSyntaxUids.explicitVrLittleEndian,
    ImplementationClassUID: implementationClassUid,
    ImplementationVersionName: implementationVersionName,
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write());
}
