/**
 * The parts of an import report that say what happened to the messages and
 * to values left out of rows: where every message went (joined to people
 * known, with new people, on file already, left out by reason), the names
 * more than one person has (never guessed), and the warnings. Renders only;
 * the import view places it under the counts.
 */
import type { ImportReport } from '../../../shared/index.js';
import { h, link } from '../core/dom.js';
import { count } from '../core/format.js';

export function messagesReport(r: ImportReport): HTMLElement | null {
  const parts: HTMLElement[] = [];
  const m = r.messages;
  if (m) {
    const rows: [string, number][] = [
      ['Joined to people you know', m.joined],
      ['With people new to Nurture', m.newPeople],
      ['Already imported', m.onFile],
      ['Left out: no sender (LinkedIn system rows)', m.leftOut.noSender],
      ['Left out: sent by "LinkedIn Member"', m.leftOut.linkedinMember],
      ['Left out: a name more than one person has', m.leftOut.ambiguousName],
      ['Left out: nobody named', m.leftOut.unknownUnnamed],
      ['Left out: drafts', m.leftOut.drafts],
      ['Left out: sponsored', m.leftOut.sponsored],
    ];
    parts.push(
      h(
        'table',
        { class: 'data counts import-messages' },
        h('caption', null, `Where the ${count(m.read)} messages read went`),
        h(
          'tbody',
          null,
          rows
            .filter(([k, v]) => v > 0 || !k.startsWith('Left out'))
            .map(([k, v]) =>
              h('tr', { 'data-count': k }, h('th', { scope: 'row' }, k), h('td', { class: 'num' }, count(v))),
            ),
        ),
      ),
    );
  }
  if (r.ambiguousNames.length > 0) {
    parts.push(
      h(
        'div',
        { class: 'import-ambiguous' },
        h('h4', null, 'Names more than one person has (not guessed)'),
        h(
          'ul',
          null,
          r.ambiguousNames.map((a) =>
            h(
              'li',
              null,
              `${a.name}: ${count(a.messages)} messages left out, ${a.candidates.length} people with this name`,
            ),
          ),
        ),
        h(
          'p',
          null,
          'Tell them apart or merge them on ',
          link('/duplicates', 'the duplicates page'),
          ', then import again.',
        ),
      ),
    );
  }
  if (r.warnings.length > 0) {
    parts.push(
      h(
        'div',
        { class: 'import-warnings' },
        h('h4', null, `Values left out of imported rows (${count(r.warnings.length)})`),
        h(
          'ul',
          null,
          r.warnings
            .slice(0, 50)
            .map((w) => h('li', null, `${w.file ? `${w.file} ` : ''}line ${w.line}: ${w.message}`)),
        ),
      ),
    );
  }
  return parts.length > 0 ? h('div', { class: 'import-messages-report' }, parts) : null;
}
