/**
 * A modal question: a native <dialog> opened with showModal(), so focus is
 * held inside and Escape cancels; focus moves to its first choice when it
 * opens and back to what opened it when it closes. Resolves with the key of
 * the choice made, or 'cancel'.
 */
import { type Child, h } from './dom.js';

export interface Choice {
  key: string;
  label: string;
  /** The safe, recommended way out looks primary; the risky one secondary. */
  kind?: 'primary' | 'secondary';
}

let dialogs = 0;

export function ask(o: {
  title: string;
  body: Child | Child[];
  choices: Choice[];
  /** Extra controls (e.g. a channel for "log as a conversation"), read by the caller after the answer. */
  controls?: HTMLElement | null;
  className?: string;
}): Promise<string> {
  const id = `dialog${++dialogs}`;
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const buttons = o.choices.map((c) =>
    h('button', { type: 'button', class: c.kind === 'secondary' ? 'secondary' : null, 'data-choice': c.key }, c.label),
  );
  const cancel = h('button', { type: 'button', class: 'secondary', 'data-choice': 'cancel' }, 'Cancel');
  const dialog = h(
    'dialog',
    { class: `modal ${o.className ?? ''}`, 'aria-labelledby': `${id}-title`, 'aria-describedby': `${id}-body` },
    h('h2', { id: `${id}-title` }, o.title),
    h('div', { id: `${id}-body`, class: 'modal-body' }, o.body),
    o.controls ?? null,
    h('div', { class: 'modal-actions' }, ...buttons, cancel),
  );
  document.body.append(dialog);
  return new Promise((resolve) => {
    let answer = 'cancel';
    for (const b of [...buttons, cancel])
      b.addEventListener('click', () => {
        answer = b.dataset.choice ?? 'cancel';
        dialog.close();
      });
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener?.isConnected) opener.focus();
      resolve(answer);
    });
    dialog.showModal();
    buttons[0]?.focus();
  });
}
