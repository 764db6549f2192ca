/**
 * The explorer's side panel about one person: who they are, how close you
 * are (in words, every factor), what to do, their partner value and their
 * history, with a quick log form. On a phone it is a sheet over the map.
 * Opening it by an action moves focus to its heading; Escape closes it and
 * gives focus back to the map.
 */
import { PersonInsightSchema, type PersonInsight } from '../../../shared/index.js';
import { getJson, messageOf } from '../api.js';
import { fill, h, link } from '../core/dom.js';
import { count } from '../core/format.js';
import { renderAdvice, renderPartner, renderStrength } from '../core/insight.js';
import { canWrite } from '../core/session.js';
import { personRecords, renderTimeline, timelineItems } from '../core/timeline.js';
import { interactionForm } from '../forms/activity-forms.js';
import type { PersonOption } from '../forms/person-picker.js';
import { forgetGraph } from '../graph/graph-data.js';
import type { GraphModel } from '../graph/graph-model.js';
import { STAGES } from '../core/palette.js';

export interface PanelEvents {
  focusOn(i: number): void;
  paths(target: PersonOption): void;
  expand(i: number): void;
  closed(): void;
  /** Their scores moved (an interaction was logged here). */
  changed(i: number): void;
}

export class SidePanel {
  readonly el: HTMLElement;
  private seq = 0;
  current: number | null = null;

  constructor(
    private g: GraphModel,
    private readonly events: PanelEvents,
  ) {
    this.el = h('aside', { class: 'side-panel', 'aria-label': 'Person details', hidden: true, tabindex: '-1' });
    this.el.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.close();
    });
  }

  setModel(g: GraphModel): void {
    this.g = g;
  }

  /** Shows person i; `takeFocus` when a user action opened it (focus moves to its heading). */
  async show(i: number, takeFocus: boolean): Promise<void> {
    const g = this.g;
    this.current = i;
    const seq = ++this.seq;
    this.el.hidden = false;
    const close = h('button', { type: 'button', class: 'close', 'aria-label': 'Close the panel' }, '×');
    close.addEventListener('click', () => this.close());
    const headline = h('h3', { class: 'panel-name', id: 'panel-name', tabindex: '-1' }, g.names[i] ?? '');
    fill(this.el, h('div', { class: 'panel-head' }, headline, close), h('p', { class: 'muted' }, 'Loading…'));
    this.el.setAttribute('aria-labelledby', 'panel-name');
    if (takeFocus) headline.focus();
    if (i === g.me) {
      fill(
        this.el,
        h('div', { class: 'panel-head' }, headline, close),
        h('p', null, 'This is you. Everyone on the map is measured by their tie to you.'),
        h('p', null, `${count(g.n - 1)} people, ${count(g.m)} ties.`),
      );
      if (takeFocus) headline.focus();
      return;
    }
    try {
      const id = g.ids[i]!;
      const [insight, records] = await Promise.all([
        getJson(`/api/v1/analytics/people/${encodeURIComponent(id)}`, PersonInsightSchema),
        personRecords(id),
      ]);
      const items = await timelineItems(id, records, g.ids[g.me]!);
      if (seq !== this.seq || this.el.hidden) return;
      const hadFocus = this.el.contains(document.activeElement);
      this.draw(i, insight, items, headline, close);
      if (takeFocus || hadFocus) headline.focus();
    } catch (e) {
      if (seq !== this.seq) return;
      fill(this.el, h('div', { class: 'panel-head' }, headline, close), h('p', { class: 'form-error' }, messageOf(e)));
    }
  }

  /** The same person again (their scores or history changed), keeping the quick log's message. */
  async refresh(): Promise<void> {
    if (this.current === null || this.el.hidden) return;
    const status = this.el.querySelector('.quick-log .form-status')?.textContent ?? '';
    if (this.el.querySelector('.quick-log form input:focus, .quick-log form select:focus')) return;
    await this.show(this.current, false);
    const box = this.el.querySelector('.quick-log .form-status');
    if (box) box.textContent = status;
  }

  close(): void {
    this.seq++;
    this.current = null;
    this.el.hidden = true;
    this.events.closed();
  }

  private draw(
    i: number,
    insight: PersonInsight,
    items: Awaited<ReturnType<typeof timelineItems>>,
    headline: HTMLElement,
    close: HTMLElement,
  ): void {
    const g = this.g;
    const id = g.ids[i]!;
    const focusButton = h('button', { type: 'button', class: 'secondary' }, 'Focus on their network');
    focusButton.addEventListener('click', () => this.events.focusOn(i));
    const expandButton = h('button', { type: 'button', class: 'secondary' }, 'Show their contacts');
    expandButton.addEventListener('click', () => this.events.expand(i));
    const pathButton = h('button', { type: 'button', class: 'secondary' }, 'Warm paths to them');
    pathButton.addEventListener('click', () => this.events.paths({ id, name: g.names[i]! }));
    const sub = [g.position[i], g.company[i]].filter(Boolean).join(' at ');
    const quick = canWrite() ? this.logForm(i) : null;
    fill(
      this.el,
      h('div', { class: 'panel-head' }, headline, close),
      sub ? h('p', { class: 'muted' }, sub) : null,
      g.tags[i]!.length
        ? h(
            'p',
            { class: 'tags' },
            g.tags[i]!.map((t) => h('span', { class: 'tag' }, t)),
          )
        : null,
      h(
        'p',
        { class: 'panel-actions' },
        focusButton,
        expandButton,
        pathButton,
        link(`/people/${encodeURIComponent(id)}`, 'Open the contact page'),
      ),
      renderStrength(insight, g.names[i]!),
      quick
        ? h(
            'section',
            { class: 'quick-log', 'aria-label': 'Log an interaction' },
            h('h3', null, 'Log an interaction'),
            quick,
          )
        : null,
      renderAdvice(insight),
      renderPartner(insight, g.names[i]!),
      h('section', { 'aria-label': 'Timeline' }, h('h3', null, 'Timeline'), renderTimeline(items, 30)),
    );
  }

  private logForm(i: number): HTMLElement {
    const g = this.g;
    const form = interactionForm(
      {
        subject: { id: g.ids[i]!, name: g.names[i]! },
        me: { id: g.ids[g.me]!, name: g.names[g.me]! },
        search: async () => [],
        lists: [],
        saved: () => {
          forgetGraph();
          void this.applyInsight(i);
        },
      },
      { compact: true },
    );
    return form.el;
  }

  /** The person's new scores into the model (the map moves them at once), then the panel again. */
  private async applyInsight(i: number): Promise<void> {
    const g = this.g;
    try {
      const insight = await getJson(`/api/v1/analytics/people/${encodeURIComponent(g.ids[i]!)}`, PersonInsightSchema);
      g.strength[i] = insight.person.strengthToMe.score;
      g.stage[i] = STAGES.indexOf(insight.person.strengthToMe.stage);
      g.partner[i] = insight.person.partner.score;
      for (let k = g.adjStart[i]!; k < g.adjStart[i + 1]!; k++) {
        if (g.adjNode[k] === g.me) {
          g.edgeScore[g.adjEdge[k]!] = insight.person.strengthToMe.score;
          g.edgeOnline[g.adjEdge[k]!] = insight.person.strengthToMe.cap ? 1 : 0;
        }
      }
      this.events.changed(i);
      if (this.current === i) await this.refresh();
    } catch {
      // The next live update brings them.
    }
  }
}
