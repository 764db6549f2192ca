/**
 * Needs a person expressed, each with its day and note, newest first, and a
 * form to record one: a need on record answers the early-pitch rule and ends
 * the "do not pitch yet" advice.
 */
import { z } from 'zod';
import { ExpressedNeedCreate, ExpressedNeedSchema, pageOf, type ExpressedNeed } from '../../../shared/index.js';
import { getJson, messageOf, send } from '../api.js';
import { h } from '../core/dom.js';
import { day, localToday } from '../core/format.js';
import { SchemaForm } from './form-kit.js';

const NeedPage = pageOf(ExpressedNeedSchema);

export function expressedNeeds(personId: string, canWrite: boolean, saved: () => void): HTMLElement {
  const list = h('ul', { class: 'needs-list' });
  const load = async () => {
    try {
      const page = await getJson(`/api/v1/needs?personId=${encodeURIComponent(personId)}&limit=100`, NeedPage);
      list.replaceChildren(
        ...(page.items.length
          ? page.items.map((n: ExpressedNeed) => {
              const remove = h('button', { type: 'button', class: 'link-button', disabled: !canWrite }, 'Delete');
              remove.addEventListener('click', () => {
                void send('DELETE', `/api/v1/needs/${encodeURIComponent(n.id)}`, undefined, null)
                  .then(() => {
                    saved();
                    return load();
                  })
                  .catch((e: unknown) => remove.replaceWith(h('span', { class: 'form-error' }, messageOf(e))));
              });
              return h(
                'li',
                { 'data-need': n.id },
                h('time', { datetime: n.expressedOn }, day(n.expressedOn)),
                ` ${n.note} `,
                remove,
              );
            })
          : [h('li', { class: 'muted' }, 'No need on record: listen first.')]),
      );
    } catch (e) {
      list.replaceChildren(h('li', { class: 'form-error' }, messageOf(e)));
    }
  };
  void load();
  const form = canWrite
    ? new SchemaForm({
        title: 'Record a need they expressed',
        submitLabel: 'Record need',
        schema: ExpressedNeedCreate,
        fields: [
          { name: 'expressedOn', label: 'When they said it', kind: 'date', initial: localToday() },
          { name: 'note', label: 'What they need', kind: 'text', hint: 'e.g. "looking for a bookkeeper"' },
        ],
        toPayload: (v) => ({ personId, expressedOn: String(v.expressedOn ?? ''), note: String(v.note ?? '') }),
        submit: async (payload) => {
          await send('POST', '/api/v1/needs', z.unknown().parse(payload), ExpressedNeedSchema);
          saved();
          await load();
          return 'Need recorded.';
        },
        reset: true,
      }).el
    : null;
  return h(
    'section',
    { class: 'expressed-needs', 'aria-label': 'Expressed needs' },
    h('h3', null, 'Expressed needs'),
    list,
    form,
  );
}
