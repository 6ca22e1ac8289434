// What bench/peer/run.ts hands to bench/peer/suite.ts through a JSON file.
import type { StudyFiles } from '../../lib/study-files';

export type PeerStudy = StudyFiles & { studyInstanceUid: string };

export type PeerPlan = {
  quick: boolean;
  /** null: run the peer (Orthanc); otherwise why it is skipped. */
  peerSkipReason: string | null;
  staticSkipReason: string | null;
  workDir: string;
  viewerDir: string;
  ports: { orthancHttp: number; orthancDicom: number; nginxPeer: number; nginxStatic: number };
  studies: {
    warmup: PeerStudy;
    /** Copies of the 300-slice CT, one per ingest round; copies[0] is the one viewed, fetched and zipped. */
    ct: PeerStudy[];
    ctJpegLossless: PeerStudy;
    mr: PeerStudy;
    cr: PeerStudy;
    /** Small-pixel studies of 100, 300, 1,000 and 3,000 instances for the manifest's cost per instance. */
    scale: PeerStudy[];
  };
  runs: {
    /** A B A B pairs of (cold + warm) profiles on the CT. */
    viewPairs: number;
    /** Extra ScanShare profiles on the CT that click once the list page has settled (its viewer preloaded). */
    settledProfiles: number;
    /** Pairs per secondary study (CT JPEG Lossless, MR, CR). */
    secondaryPairs: number;
    metadata: number;
    download: number;
    /** Profiles of the peer as Debian ships it (HTTP gzip on). */
    gzipProfiles: number;
    /** Fresh links (manifest cache misses) per scale size. */
    scaleMisses: number;
  };
  rawOut: string;
};
