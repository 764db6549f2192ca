/** Reading what the page shows, for comparing it with the API. */
import type { Page } from 'playwright-core';

/** The number a [data-metric] element shows, inside `scope`. */
export async function metric(page: Page, scope: string, name: string): Promise<string> {
  return (await page.locator(`${scope} [data-metric="${name}"]`).first().textContent())?.trim() ?? '';
}

/** How the app prints a score: one decimal. */
export const shown = (x: number) => x.toFixed(1);

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
