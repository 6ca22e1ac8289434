// dcmjs ships no type declarations. These cover only the parts ScanShare calls, so
// anything else used from dcmjs fails to type-check until it is declared here.
declare module 'dcmjs' {
  /**
   * One element in dcmjs's "denaturalized" form. `_rawValue` is what the file said
   * (written back unchanged while `Value` is not changed); sequences hold datasets.
   */
  export type DenaturalizedElement = { vr: string; Value: unknown[]; _rawValue?: unknown };
  /** dcmjs's "denaturalized" form: tag hex (e.g. `00100010`) -> { vr, Value }. */
  export type DenaturalizedDataset = Record<string, DenaturalizedElement>;
  /** DICOM keyword -> value (sequences as arrays of datasets), as dcmjs and OHIF use it. */
  type NaturalizedDataset = Record<string, unknown>;

  interface DictionaryEntry {
    tag: string;
    vr: string;
    name: string;
    vm: string;
  }

  interface DicomDict {
    meta: DenaturalizedDataset;
    dict: DenaturalizedDataset;
    write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer;
  }

  interface Dcmjs {
    data: {
      DicomDict: new (meta: DenaturalizedDataset) => DicomDict;
      DicomMessage: {
        readFile(buffer: ArrayBuffer, options?: { ignoreErrors?: boolean; untilTag?: string }): DicomDict;
      };
      DicomMetaDictionary: {
        nameMap: Record<string, DictionaryEntry | undefined>;
        naturalizeDataset(dataset: DenaturalizedDataset): NaturalizedDataset;
        denaturalizeDataset(dataset: NaturalizedDataset): DenaturalizedDataset;
      };
    };
  }

  const dcmjs: Dcmjs;
  export default dcmjs;
}
