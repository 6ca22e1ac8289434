import type { Frame, Page } from '@playwright/test';

/**
 * Waits until a viewport canvas of the viewer shows an image: enough non-black
 * pixels read back from the canvas, not merely a canvas element. Returns the
 * milliseconds waited, or null on timeout.
 */
export async function waitForRenderedImage(target: Page | Frame, timeoutMs = 60_000): Promise<number | null> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const lit = await target
      .evaluate(() =>
        [...document.querySelectorAll<HTMLCanvasElement>('canvas.cornerstone-canvas')].some((c) => {
          const ctx = c.getContext('2d');
          if (!ctx || c.width === 0 || c.height === 0) return false;
          const d = ctx.getImageData(0, 0, c.width, c.height).data;
          let lit = 0;
          for (let i = 0; i < d.length; i += 4) if ((d[i] ?? 0) + (d[i + 1] ?? 0) + (d[i + 2] ?? 0) > 30) lit += 1;
          return lit > (c.width * c.height) / 50;
        }),
      )
      .catch(() => false);
    if (lit) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

export type CanvasBox = { x: number; y: number; width: number; height: number };

/**
 * The viewer's image canvas, whichever viewer shows it (OHIF in its iframe, or
 * the small-screen viewer in the page): the largest Cornerstone canvas in any
 * frame, with its box in the page's viewport (CSS px). Null when there is none.
 */
export async function largestImageCanvas(page: Page): Promise<{ frame: Frame; box: CanvasBox } | null> {
  let best: { frame: Frame; box: CanvasBox } | null = null;
  for (const frame of page.frames()) {
    for (const canvas of await frame.locator('canvas.cornerstone-canvas').all()) {
      const box = await canvas.boundingBox().catch(() => null);
      if (box && (!best || box.width * box.height > best.box.width * best.box.height)) best = { frame, box };
    }
  }
  return best;
}

/** Waits for a rendered image in any frame of the page (see waitForRenderedImage); the frame, or null. */
export async function frameWithRenderedImage(page: Page, timeoutMs = 60_000): Promise<Frame | null> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    for (const frame of page.frames()) if ((await waitForRenderedImage(frame, 1)) !== null) return frame;
    await new Promise((r) => setTimeout(r, 200));
  }
  return null;
}

/**
 * What the largest Cornerstone canvas of a frame shows: how many distinct grey
 * levels (a real image has many; a blank or uniform canvas one or two) and a
 * digest of its pixels, to tell one slice from another.
 */
export async function canvasPixels(frame: Frame): Promise<{ distinctLevels: number; digest: string }> {
  return frame.evaluate(() => {
    const canvases = [...document.querySelectorAll<HTMLCanvasElement>('canvas.cornerstone-canvas')];
    const c = canvases.sort((a, b) => b.width * b.height - a.width * a.height)[0];
    const ctx = c?.getContext('2d');
    if (!c || !ctx || c.width === 0) return { distinctLevels: 0, digest: '' };
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const levels = new Set<number>();
    let h1 = 0x811c9dc5;
    let h2 = 0;
    for (let i = 0; i < d.length; i += 4) {
      levels.add(d[i]! * 65536 + d[i + 1]! * 256 + d[i + 2]!);
      h1 = Math.imul(h1 ^ d[i]!, 16777619);
      h2 = (h2 + d[i]! * ((i >> 2) % 9973)) >>> 0;
    }
    return { distinctLevels: levels.size, digest: `${(h1 >>> 0).toString(16)}-${h2.toString(16)}` };
  });
}
