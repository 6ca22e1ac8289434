// Browser entry of public/phone-viewer/phone-viewer.js (built by
// lib/viewer/phone/build-phone-viewer.ts with esbuild, never by Next): the
// Cornerstone3D engine behind the small-screen viewer. One stack viewport fills
// the element; a one-finger drag scrolls slices (or, in contrast mode, sets
// window/level), two fingers pinch to zoom, the mouse wheel scrolls.
// The React side (app/(recipient)/phone-viewer/) owns the page, labels and
// series picker and talks to this module only through PhoneViewerEngine.
import {
  Enums,
  RenderingEngine,
  init as initCore,
  type StackViewport,
  type Types,
} from '@cornerstonejs/core';
import {
  Enums as ToolEnums,
  PanTool,
  StackScrollTool,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
  addTool,
  init as initTools,
} from '@cornerstonejs/tools';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import type { PhoneViewerEngine, PhoneViewerOptions, TouchMode } from './engine-types';

const ENGINE_ID = 'scanshare-phone';
const VIEWPORT_ID = 'scanshare-phone-stack';
const TOOL_GROUP_ID = 'scanshare-phone-tools';
const { MouseBindings } = ToolEnums;

let initialized = false;

function initOnce(options: PhoneViewerOptions): void {
  if (initialized) return;
  initCore();
  initTools();
  dicomImageLoader.init({
    // A phone has few cores; the page's own thread needs one.
    maxWebWorkers: Math.max(1, Math.min(2, (navigator.hardwareConcurrency || 2) - 1)),
    // The codecs' wasm sits next to this bundle (their package-relative URLs do not survive bundling).
    wasmBasePath: options.assetBase,
    // Expired or nearly expired presigned URLs go to the portal's refresh route instead.
    open(xhr: XMLHttpRequest, url: string) {
      xhr.open('get', options.rewriteUrl(url) ?? url, true);
    },
  } as Parameters<typeof dicomImageLoader.init>[0]);
  for (const tool of [StackScrollTool, WindowLevelTool, ZoomTool, PanTool]) addTool(tool);
  initialized = true;
}

function toolGroupFor(mode: TouchMode) {
  const group = ToolGroupManager.getToolGroup(TOOL_GROUP_ID) ?? ToolGroupManager.createToolGroup(TOOL_GROUP_ID)!;
  if (!group.hasTool(StackScrollTool.toolName)) {
    group.addTool(StackScrollTool.toolName);
    group.addTool(WindowLevelTool.toolName);
    group.addTool(ZoomTool.toolName, { pinchToZoom: true });
    group.addTool(PanTool.toolName);
  }
  applyMode(group, mode);
  return group;
}

type ToolGroup = NonNullable<ReturnType<typeof ToolGroupManager.getToolGroup>>;

function applyMode(group: ToolGroup, mode: TouchMode): void {
  // One finger (or the left mouse button) does what the mode says; the other
  // tool keeps only its mouse binding so a desktop user loses nothing.
  const primary = [{ mouseButton: MouseBindings.Primary, numTouchPoints: 1 }];
  // Disabled first: setToolActive adds to a tool's bindings, and setToolPassive
  // drops only the plain primary-button one, so a 1-touch binding would stay.
  group.setToolDisabled(StackScrollTool.toolName);
  group.setToolDisabled(WindowLevelTool.toolName);
  if (mode === 'scroll') {
    group.setToolActive(StackScrollTool.toolName, { bindings: [...primary, { mouseButton: MouseBindings.Wheel }] });
    group.setToolActive(WindowLevelTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
  } else {
    group.setToolActive(WindowLevelTool.toolName, { bindings: primary });
    group.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: MouseBindings.Wheel }] });
  }
  group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary, numTouchPoints: 2 }] });
  group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Primary, modifierKey: ToolEnums.KeyboardBindings.Shift }] });
}

export async function createPhoneViewer(element: HTMLDivElement, options: PhoneViewerOptions): Promise<PhoneViewerEngine> {
  initOnce(options);
  const engine = new RenderingEngine(ENGINE_ID);
  engine.enableElement({ viewportId: VIEWPORT_ID, type: Enums.ViewportType.STACK, element, defaultOptions: { background: [0, 0, 0] as Types.Point3 } });
  const viewport = engine.getViewport(VIEWPORT_ID) as StackViewport;
  const group = toolGroupFor('scroll');
  group.addViewport(VIEWPORT_ID, ENGINE_ID);

  const onNewImage = (event: Event) => {
    const detail = (event as CustomEvent<{ imageIdIndex: number }>).detail;
    options.onSlice(detail.imageIdIndex, viewport.getImageIds().length);
  };
  element.addEventListener(Enums.Events.STACK_NEW_IMAGE, onNewImage);
  const observer = new ResizeObserver(() => engine.resize(true, true));
  observer.observe(element);

  return {
    async showSeries(imageIds, startIndex) {
      await viewport.setStack(imageIds, startIndex);
      viewport.render();
      options.onSlice(viewport.getCurrentImageIdIndex(), imageIds.length);
    },
    setMode(mode) {
      applyMode(group, mode);
    },
    async scrollTo(index) {
      await viewport.setImageIdIndex(index);
    },
    reset() {
      viewport.resetCamera();
      viewport.resetProperties();
      viewport.render();
    },
    destroy() {
      observer.disconnect();
      element.removeEventListener(Enums.Events.STACK_NEW_IMAGE, onNewImage);
      ToolGroupManager.destroyToolGroup(TOOL_GROUP_ID);
      engine.destroy();
    },
  };
}
