/** Reading what the page shows, for comparing it with the API. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Waits (not times) for the page to get there: a generous limit, since the
 * whole suite may share two cores with everything else.
 */
export const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 50 });

/** The number a [data-metric] element shows, inside `scope`. */
export async function metric(page: Page, scope: string, name: string): Promise<string> {
  return (await page.locator(`${scope} [data-metric="${name}"]`).first().textContent())?.trim() ?? '';
}

/** How the app prints a score: one decimal. */
export const shown = (x: number) => x.toFixed(1);

/** A digest of the explorer's canvas pixels: the same picture gives the same digest. */
export async function canvasDigest(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const c = document.querySelector('canvas.graph-canvas') as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const hash = await crypto.subtle.digest('SHA-256', data);
    return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('');
  });
}

/** Non-white pixels on the explorer's canvas: something was drawn. */
export async function inkOnCanvas(page: Page): Promise<number> {
  return page.evaluate(() => {
    const c = document.querySelector('canvas.graph-canvas') as HTMLCanvasElement | null;
    if (!c) return 0;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < data.length; i += 16) if (data[i]! < 250 || data[i + 1]! < 250 || data[i + 2]! < 250) ink++;
    return ink;
  });
}

/** Waits until the analysis is fresh (no write since it was computed, none running). */
export async function analysisSettled(api: (m: string, p: string) => Promise<{ body: any }>): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const s = (await api('GET', '/api/v1/analytics/status')).body;
    if (s.computedAt && !s.stale && !s.computing) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the analysis did not settle');
}

export function hostsOf(urls: string[]): string[] {
  return [...new Set(urls.filter((u) => /^https?:/.test(u)).map((u) => new URL(u).host))];
}
