/**
 * A paged audit log as a table (the account log, the workspace log): a page
 * of entries newest first, an error in place of the table when the read
 * fails, and "Show more" that reads a longer page and scrolls to the first
 * new row.
 */
import type { z } from 'zod';
import { AuditEntrySchema, pageOf, type AuditEntry } from '../../../shared/index.js';
import { getJson, messageOf } from '../api.js';
import { h, scrollBox } from '../core/dom.js';
import { dateTime } from '../core/format.js';

const PAGE = 20;
const AuditPage = pageOf(AuditEntrySchema);

export interface AuditColumn {
  head: string;
  cell: (e: AuditEntry) => string;
}

export interface AuditLogTable {
  /** The log's box: the table, or the error, or "Nothing recorded yet". */
  el: HTMLElement;
  /** Reads the entries shown so far again and redraws. */
  load: () => Promise<void>;
}

/** `columns` come between "When" and "From". */
export function auditLogTable(o: {
  url: string;
  caption: string;
  className: string;
  label: string;
  columns: AuditColumn[];
}): AuditLogTable {
  const el = h('div', { class: 'log-box' });
  let shown = PAGE;
  async function load(): Promise<void> {
    let page: z.infer<typeof AuditPage>;
    try {
      page = await getJson(`${o.url}?limit=${shown}&offset=0`, AuditPage);
    } catch (e) {
      el.replaceChildren(h('p', { class: 'form-error' }, messageOf(e)));
      return;
    }
    const table = h(
      'table',
      { class: `data ${o.className}` },
      h('caption', { class: 'visually-hidden' }, o.caption),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, 'When'),
          o.columns.map((c) => h('th', { scope: 'col' }, c.head)),
          h('th', { scope: 'col' }, 'From'),
        ),
      ),
      h(
        'tbody',
        null,
        page.items.map((e) =>
          h(
            'tr',
            { 'data-action': e.action },
            h('td', null, dateTime(e.at)),
            o.columns.map((c) => h('td', null, c.cell(e))),
            h('td', null, typeof e.meta.ip === 'string' ? e.meta.ip : '–'),
          ),
        ),
      ),
    );
    const more =
      page.total > page.items.length ? h('button', { type: 'button', class: 'secondary' }, 'Show more') : null;
    more?.addEventListener('click', () => {
      shown += PAGE;
      void load().then(() =>
        (el.querySelector(`tbody tr:nth-child(${shown - PAGE + 1}) td`) as HTMLElement | null)?.scrollIntoView(),
      );
    });
    el.replaceChildren(
      page.items.length === 0 ? h('p', { class: 'muted' }, 'Nothing recorded yet.') : scrollBox(table, o.label),
      h('p', { class: 'muted' }, `${page.items.length} of ${page.total} entries.`, ' ', more),
    );
  }
  return { el, load };
}
