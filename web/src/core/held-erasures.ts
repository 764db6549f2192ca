/**
 * People deleted with an undo (POST /api/v1/erasures): each one held shows
 * as a notice at the foot of every page, whatever page the user moves to,
 * with "Undo" (puts them back with everything logged about them) and "Erase
 * now", until its undo time is up. The notices follow the server: a reload,
 * another tab or another member's undo draws them again from GET /erasures.
 */
import { z } from 'zod';
import { ErasureUndoneSchema, HeldErasureSchema, type HeldErasure, type Person } from '../../../shared/index.js';
import { getJson, messageOf, send } from '../api.js';
import { forgetGraph } from '../graph/graph-data.js';
import { h, link } from './dom.js';
import { dateTime } from './format.js';
import { onLive } from './live.js';
import { canWrite } from './session.js';

let region: HTMLElement | null = null;
const shown = new Map<string, { el: HTMLElement; timer: number }>();
let go: (path: string) => void = () => undefined;

function notices(): HTMLElement {
  if (region?.isConnected) return region;
  region = h('section', { class: 'notices', 'aria-label': 'Deleted people you can put back' });
  document.body.append(region);
  return region;
}

function drop(id: string): void {
  const s = shown.get(id);
  if (!s) return;
  window.clearTimeout(s.timer);
  s.el.remove();
  shown.delete(id);
}

/** A short-lived line in the notices after an undo or a finished erasure (read out by screen readers). */
function say(text: string, ...extra: (HTMLElement | string)[]): void {
  const close = h('button', { type: 'button', class: 'link-button' }, 'Dismiss');
  const el = h('p', { class: 'notice done', role: 'status' }, text, ...extra, ' ', close);
  close.addEventListener('click', () => el.remove());
  notices().append(el);
  window.setTimeout(() => el.remove(), 15_000);
}

function draw(held: HeldErasure): void {
  if (shown.has(held.id)) return;
  const left = Date.parse(held.dueAt) - Date.now();
  if (left <= 0) return;
  const undo = h('button', { type: 'button', class: 'undo-erasure' }, 'Undo');
  const now = h('button', { type: 'button', class: 'secondary' }, 'Erase now');
  const line = h('span', { role: 'status' });
  const el = h(
    'div',
    { class: 'notice undo-line', 'data-erasure': held.id },
    h('p', null, `Deleted ${held.name}. You can undo this until ${dateTime(held.dueAt)}; then it is for good. `, line),
    h('p', { class: 'tool-row' }, undo, now),
  );
  const busy = (on: boolean) => {
    undo.disabled = on;
    now.disabled = on;
  };
  undo.addEventListener('click', () => {
    busy(true);
    send('POST', `/api/v1/erasures/${encodeURIComponent(held.id)}/undo`, undefined, ErasureUndoneSchema)
      .then(({ person, leftOut }) => {
        drop(held.id);
        forgetGraph();
        const kept = Object.values(leftOut).reduce((a, b) => a + b, 0);
        say(
          `Put back ${person.name}${kept ? `, except ${kept} record${kept === 1 ? '' : 's'} naming someone erased since` : ''}. `,
          link(`/people/${encodeURIComponent(person.id)}`, `Open ${person.name}`),
        );
        go(`/people/${encodeURIComponent(person.id)}`);
      })
      .catch((e: unknown) => {
        busy(false);
        line.textContent = `Could not put them back: ${messageOf(e)}`;
      });
  });
  now.addEventListener('click', () => {
    busy(true);
    send('POST', `/api/v1/erasures/${encodeURIComponent(held.id)}/finish`, undefined, null)
      .then(() => {
        drop(held.id);
        say(`${held.name} is erased for good.`);
      })
      .catch((e: unknown) => {
        busy(false);
        line.textContent = `Not erased yet: ${messageOf(e)}`;
      });
  });
  // The server finishes it when the time is up; the notice goes then. (Timers are capped near 24.8 days.)
  const timer = window.setTimeout(() => drop(held.id), Math.min(left, 2 ** 31 - 1));
  notices().append(el);
  shown.set(held.id, { el, timer });
}

/** Draws the held erasures the server has, and drops the notices of those it no longer has. */
export async function syncHeldErasures(): Promise<void> {
  if (!canWrite()) {
    for (const id of [...shown.keys()]) drop(id);
    return;
  }
  const held = await getJson('/api/v1/erasures', z.array(HeldErasureSchema)).catch(() => null);
  if (!held) return;
  const ids = new Set(held.map((x) => x.id));
  for (const id of [...shown.keys()]) if (!ids.has(id)) drop(id);
  for (const x of held) draw(x);
}

/**
 * Deletes a person with an undo: the server erases them at once and holds a
 * copy until the undo time is up. The notice is drawn and its Undo focused,
 * after moving to `then` (their page is gone) when given.
 */
export async function deleteWithUndo(person: Pick<Person, 'id' | 'name'>, then?: () => void): Promise<HeldErasure> {
  const held = await send('POST', '/api/v1/erasures', { personId: person.id }, HeldErasureSchema);
  forgetGraph();
  draw(held);
  const focus = () => (shown.get(held.id)?.el.querySelector('button') as HTMLElement | null)?.focus();
  if (then) {
    document.addEventListener('nurture:navigated', focus, { once: true });
    then();
  } else focus();
  return held;
}

/** Starts following (once, at boot): `navigate` opens a page (the person put back). */
export function installHeldErasures(navigate: (path: string) => void): void {
  go = navigate;
  onLive((e) => {
    if (e.type === 'change' && /person|erasure|elsewhere/.test(e.what)) void syncHeldErasures();
  });
}

/** Signed out or another workspace: the notices of the last one go. */
export function clearHeldErasures(): void {
  for (const id of [...shown.keys()]) drop(id);
}
