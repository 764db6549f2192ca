/** Accessible tabs: arrow keys, Home and End move between tabs; one panel shows at a time. */
import { h } from './dom.js';

let tabsets = 0;

export function tabs(
  label: string,
  items: { label: string; panel: () => HTMLElement }[],
): { el: HTMLElement; show: (i: number, focus: boolean) => void } {
  const id = `tabs${++tabsets}`;
  const built = new Map<number, HTMLElement>();
  const list = h('div', { role: 'tablist', 'aria-label': label, class: 'tablist' });
  const panels = h('div', { class: 'tabpanels' });
  const buttons = items.map((it, i) =>
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `${id}-tab-${i}`,
        'aria-controls': `${id}-panel-${i}`,
        'aria-selected': 'false',
        tabindex: '-1',
      },
      it.label,
    ),
  );
  const show = (i: number, focus: boolean) => {
    buttons.forEach((b, j) => {
      b.setAttribute('aria-selected', j === i ? 'true' : 'false');
      b.tabIndex = j === i ? 0 : -1;
    });
    let panel = built.get(i);
    if (!panel) {
      panel = h(
        'div',
        { role: 'tabpanel', id: `${id}-panel-${i}`, 'aria-labelledby': `${id}-tab-${i}`, class: 'tabpanel' },
        items[i]!.panel(),
      );
      built.set(i, panel);
      panels.append(panel);
    }
    for (const [j, p] of built) p.hidden = j !== i;
    if (focus) buttons[i]!.focus();
  };
  buttons.forEach((b, i) => {
    b.addEventListener('click', () => show(i, false));
    b.addEventListener('keydown', (e) => {
      const n = buttons.length;
      const to =
        e.key === 'ArrowRight'
          ? (i + 1) % n
          : e.key === 'ArrowLeft'
            ? (i - 1 + n) % n
            : e.key === 'Home'
              ? 0
              : e.key === 'End'
                ? n - 1
                : -1;
      if (to < 0) return;
      e.preventDefault();
      show(to, true);
    });
  });
  list.append(...buttons);
  show(0, false);
  return { el: h('div', { class: 'tabs' }, list, panels), show };
}
