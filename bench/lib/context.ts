// What every figure needs to know about the running parts.
export type BenchContext = {
  /** http://localhost:<port>, the portal's public origin. */
  baseUrl: string;
  /** Port of the portal; its serving process is found from it. */
  port: number;
  /** Origin of the S3-compatible server (presigned GETs go there). */
  s3Origin: string;
  log: (line: string) => void;
};
