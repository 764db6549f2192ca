/**
 * Tiny SVG string builders for the report charts. Charts are drawn on the
 * server with d3's scales and shapes (which need no DOM) and written as text;
 * every attribute value and every text node goes through escapeXml.
 */
import { escapeXml } from '../../../shared/domain/escape.js';

type Attrs = Record<string, string | number | null | undefined>;

/** Coordinates to 0.1 px: smaller files, same picture. */
export function px(x: number): number {
  return Math.round(x * 10) / 10;
}

function attributes(attrs: Attrs): string {
  let out = '';
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined) continue;
    out += ` ${k}="${escapeXml(typeof v === 'number' ? String(px(v)) : v)}"`;
  }
  return out;
}

export function el(name: string, attrs: Attrs, children = ''): string {
  return children === '' ? `<${name}${attributes(attrs)}/>` : `<${name}${attributes(attrs)}>${children}</${name}>`;
}

export function text(attrs: Attrs, content: string): string {
  return `<text${attributes(attrs)}>${escapeXml(content)}</text>`;
}

/** The outer element: sized by its viewBox, scaled to the page; an accessible name and description. */
export function svg(
  options: { width: number; height: number; title: string; description?: string; className: string },
  body: string,
): string {
  const { width, height } = options;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="${escapeXml(options.className)}" viewBox="0 0 ${px(width)} ${px(height)}" width="${px(width)}" height="${px(height)}" role="img" aria-label="${escapeXml(options.title)}">` +
    `<title>${escapeXml(options.title)}</title>` +
    (options.description ? `<desc>${escapeXml(options.description)}</desc>` : '') +
    body +
    '</svg>'
  );
}

/** Cuts a label to `max` characters with an ellipsis. */
export function clip(label: string, max: number): string {
  const chars = [...label];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}\u2026` : label;
}
