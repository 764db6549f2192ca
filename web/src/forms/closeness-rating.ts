/**
 * "How close are you?": five choices, from distant to trusted, as a radio
 * group (keyboard: arrows move between them). Saving holds the tie in that
 * stage ("rated by you"); "Clear" withdraws the rating.
 */
import { ClosenessRating, RatingSchema, type ClosenessRating as Rating } from '../../../shared/index.js';
import { messageOf, send } from '../api.js';
import { h, liveRegion } from '../core/dom.js';

export const RATING_LABEL: Record<Rating, string> = {
  distant: 'Distant',
  acquaintance: 'Acquaintance',
  friendly: 'Friendly',
  close: 'Close',
  trusted: 'Trusted',
};

let groups = 0;

export interface RatingControl {
  el: HTMLElement;
  /** The rating shown as chosen (null: none). */
  set(value: Rating | null): void;
}

/** A rating control for one person; `saved` runs after each change the server accepted. */
export function closenessRating(
  personId: string,
  current: Rating | null,
  saved: (value: Rating | null) => void,
  options: { legend?: string; readOnly?: boolean } = {},
): RatingControl {
  const name = `closeness-${++groups}`;
  const status = liveRegion();
  const inputs = ClosenessRating.options.map((value) =>
    h('input', {
      type: 'radio',
      name,
      value,
      'data-rating': value,
      disabled: options.readOnly === true,
    }),
  );
  const set = (value: Rating | null) => {
    for (const i of inputs) i.checked = i.value === value;
  };
  set(current);
  const save = async (value: Rating | null) => {
    status.textContent = 'Saving…';
    try {
      if (value === null)
        await send('DELETE', `/api/v1/people/${encodeURIComponent(personId)}/rating`, undefined, null);
      else await send('PUT', `/api/v1/people/${encodeURIComponent(personId)}/rating`, { rating: value }, RatingSchema);
      status.textContent = value === null ? 'Rating cleared.' : `Rated ${RATING_LABEL[value].toLowerCase()}.`;
      saved(value);
    } catch (e) {
      status.textContent = messageOf(e);
    }
  };
  for (const i of inputs) i.addEventListener('change', () => void save(i.value as Rating));
  const clear = h('button', { type: 'button', class: 'link-button', disabled: options.readOnly === true }, 'Clear');
  clear.addEventListener('click', () => {
    set(null);
    void save(null);
  });
  const el = h(
    'fieldset',
    { class: 'closeness-rating' },
    h('legend', null, options.legend ?? 'How close are you?'),
    inputs.map((input, k) =>
      h('label', { class: 'rating-choice' }, input, ` ${RATING_LABEL[ClosenessRating.options[k]!]}`),
    ),
    clear,
    status,
  );
  return { el, set };
}
