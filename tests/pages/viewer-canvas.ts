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
