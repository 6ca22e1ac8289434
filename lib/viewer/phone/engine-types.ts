// The contract between the small-screen viewer's React side and its Cornerstone3D
// engine (engine.ts, shipped as a separate browser bundle). Types only, so the
// page imports nothing of Cornerstone itself.

/** What a one-finger drag does: scroll through slices, or set brightness/contrast. */
export type TouchMode = 'scroll' | 'contrast';

export interface PhoneViewerOptions {
  /** Absolute URL of the folder holding the bundle, its worker and the codecs' wasm. */
  assetBase: string;
  /** Called whenever another slice is shown (index from 0). */
  onSlice(index: number, total: number): void;
  /** The URL to request instead (a refreshed presigned URL), or null to keep it. */
  rewriteUrl(url: string): string | null;
}

export interface PhoneViewerEngine {
  showSeries(imageIds: string[], startIndex: number): Promise<void>;
  setMode(mode: TouchMode): void;
  scrollTo(index: number): Promise<void>;
  /** Back to the whole image and its own window/level. */
  reset(): void;
  destroy(): void;
}

/** The bundle's module shape (public/phone-viewer/phone-viewer.js). */
export interface PhoneViewerModule {
  createPhoneViewer(element: HTMLDivElement, options: PhoneViewerOptions): Promise<PhoneViewerEngine>;
}
