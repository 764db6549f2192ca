/**
 * One group of the nurture board as a keyboard-friendly list: the arrow
 * keys (and Home, End) move between cards, Tab reaches the chosen card's
 * controls only, L logs an interaction and D marks the card done.
 */
import { h } from '../core/dom.js';

export interface CardItem {
  key: string;
  build: (card: HTMLElement) => { log: () => void; done: () => void };
}

export class BoardList {
  readonly el: HTMLUListElement;

  constructor(label: string) {
    this.el = h('ul', { class: 'board-list', 'aria-label': label });
    this.el.addEventListener('keydown', (e) => this.key(e));
    this.el.addEventListener('focusin', (e) => {
      const card = (e.target as Element).closest('li.card');
      if (card instanceof HTMLElement) this.activate(card);
    });
  }

  cards(): HTMLElement[] {
    return [...this.el.querySelectorAll<HTMLElement>(':scope > li.card')];
  }

  add(item: CardItem): HTMLElement {
    const card = h('li', { class: 'card', tabindex: '-1', 'data-key': item.key });
    const actions = item.build(card);
    (card as HTMLElement & { actions?: typeof actions }).actions = actions;
    this.el.append(card);
    if (this.cards().length === 1) this.activate(card);
    else this.controls(card, false);
    return card;
  }

  /** Removes a card and moves focus to its neighbour (or returns false when the list is empty). */
  remove(card: HTMLElement, moveFocus = card.contains(document.activeElement)): boolean {
    const cards = this.cards();
    const at = cards.indexOf(card);
    const hadFocus = moveFocus;
    card.remove();
    const rest = this.cards();
    const next = rest[Math.min(at, rest.length - 1)];
    if (next) {
      this.activate(next);
      if (hadFocus) next.focus();
      return true;
    }
    return false;
  }

  activate(card: HTMLElement): void {
    for (const c of this.cards()) {
      const on = c === card;
      c.tabIndex = on ? 0 : -1;
      this.controls(c, on);
    }
  }

  private controls(card: HTMLElement, on: boolean): void {
    for (const el of card.querySelectorAll<HTMLElement>('button, select, a, input')) el.tabIndex = on ? 0 : -1;
  }

  private key(e: KeyboardEvent): void {
    const card = (e.target as Element).closest('li.card');
    if (!(card instanceof HTMLElement)) return;
    const onCard = e.target === card;
    const cards = this.cards();
    const at = cards.indexOf(card);
    let to: HTMLElement | undefined;
    if (e.key === 'ArrowDown' && onCard) to = cards[Math.min(cards.length - 1, at + 1)];
    else if (e.key === 'ArrowUp' && onCard) to = cards[Math.max(0, at - 1)];
    else if (e.key === 'Home' && onCard) to = cards[0];
    else if (e.key === 'End' && onCard) to = cards[cards.length - 1];
    else if (onCard && (e.key === 'l' || e.key === 'L')) {
      (card as HTMLElement & { actions?: { log: () => void } }).actions?.log();
      e.preventDefault();
      return;
    } else if (onCard && (e.key === 'd' || e.key === 'D')) {
      (card as HTMLElement & { actions?: { done: () => void } }).actions?.done();
      e.preventDefault();
      return;
    } else return;
    e.preventDefault();
    if (to) {
      this.activate(to);
      to.focus();
    }
  }
}
