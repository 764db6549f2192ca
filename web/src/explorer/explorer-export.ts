/**
 * The explorer's current view as a picture: PNG straight from the canvas,
 * SVG drawn from the scene (what is visible in the view, at the view's zoom
 * and offset), with a title and the legend's meaning in its description.
 */
import type { Scene } from '../graph/scene.js';

export interface ViewBox {
  k: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The scene as a standalone SVG document (pure). */
export function sceneToSvg(scene: Scene, view: ViewBox, title: string): string {
  const { k, x: tx, y: ty, width, height } = view;
  const px = (i: number) => scene.xy[2 * i]! * k + tx;
  const py = (i: number) => scene.xy[2 * i + 1]! * k + ty;
  const inView = (i: number) => {
    const x = px(i);
    const y = py(i);
    return x > -20 && y > -20 && x < width + 20 && y < height + 20;
  };
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`,
    `<title>${esc(title)}</title>`,
    '<desc>Node size: referral-partner score; line width: tie strength; dashed: online only; colour: stage of the tie to you or community.</desc>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    '<g stroke-linecap="round">',
  ];
  const { a, b, width: w, dashed } = scene.edges;
  for (let e = 0; e < a.length; e++) {
    const p = a[e]!;
    const q = b[e]!;
    if (!scene.visible[p] || !scene.visible[q] || (!inView(p) && !inView(q))) continue;
    const faint = scene.dim[p] || scene.dim[q];
    parts.push(
      `<line x1="${px(p).toFixed(1)}" y1="${py(p).toFixed(1)}" x2="${px(q).toFixed(1)}" y2="${py(q).toFixed(1)}" stroke="#4a5a6a" stroke-opacity="${faint ? 0.08 : 0.4}" stroke-width="${w[e]!.toFixed(2)}"${dashed[e] ? ' stroke-dasharray="4 3"' : ''}/>`,
    );
  }
  parts.push('</g><g stroke="#ffffff" stroke-width="0.8">');
  for (let i = 0; i < scene.count; i++) {
    if (!scene.visible[i] || !inView(i)) continue;
    const r = Math.max(1.5, scene.radius[i]! * k);
    const fill = scene.palette[scene.colour[i]!] ?? '#888888';
    parts.push(
      `<circle cx="${px(i).toFixed(1)}" cy="${py(i).toFixed(1)}" r="${r.toFixed(1)}" fill="${fill}"${scene.dim[i] ? ' fill-opacity="0.2"' : ''}><title>${esc(scene.labels[i] ?? '')}</title></circle>`,
    );
  }
  parts.push('</g><g font-family="system-ui, sans-serif" font-size="11" fill="#1d2733">');
  let labelled = 0;
  for (const i of scene.labelOrder) {
    if (labelled >= 40) break;
    if (!scene.visible[i] || scene.dim[i] || !inView(i)) continue;
    parts.push(
      `<text x="${(px(i) + scene.radius[i]! * k + 3).toFixed(1)}" y="${(py(i) + 4).toFixed(1)}">${esc(scene.labels[i] ?? '')}</text>`,
    );
    labelled++;
  }
  parts.push('</g></svg>');
  return parts.join('\n');
}

export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function canvasToPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The map could not be turned into a PNG'))), 'image/png'),
  );
}
