// dicom-parser ships one UMD bundle. Loaded as CommonJS (tsx, webpack) its functions
// sit on the module itself; loaded by Node's ESM loader they sit only on `default`.
// Importing it from here gives the same object either way.
import * as namespace from 'dicom-parser';

const dicomParser: typeof namespace = (namespace as { default?: typeof namespace }).default ?? namespace;

export default dicomParser;
export type { DataSet, Element } from 'dicom-parser';
