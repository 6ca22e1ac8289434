// dcmjs ships no type declarations. These cover only the parts ScanShare calls, so
// anything else used from dcmjs fails to type-check until it is declared here.
declare module 'dcmjs' {
  /** dcmjs's "denaturalized" form: tag hex (e.g. `00100010`) -> { vr, Value }. */
  type DenaturalizedDataset = Record<string, { vr: string; Value: unknown[] }>;
  /** DICOM keyword -> value (sequences as arrays of datasets), as dcmjs and OHIF use it. */
  type NaturalizedDataset = Record<string, unknown>;

  interface DictionaryEntry {
    tag: string;
    vr: string;
    name: string;
    vm: string;
  }

  class DicomDict {
    constructor(meta: DenaturalizedDataset);
    meta: DenaturalizedDataset;
    dict: DenaturalizedDataset;
    write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer;
  }

  class DicomMessage {
    static readFile(buffer: ArrayBuffer, options?: { ignoreErrors?: boolean; untilTag?: string }): DicomDict;
  }

  const DicomMetaDictionary: {
    nameMap: Record<string, DictionaryEntry | undefined>;
    naturalizeDataset(dataset: DenaturalizedDataset): NaturalizedDataset;
    denaturalizeDataset(dataset: NaturalizedDataset): DenaturalizedDataset;
  };

  const dcmjs: {
    data: {
      DicomDict: typeof DicomDict;
      DicomMessage: typeof DicomMessage;
      DicomMetaDictionary: typeof DicomMetaDictionary;
    };
  };
  export default dcmjs;
}
