/**
 * Calibration: "how close are you?" for about twenty people the score is
 * least sure of (spread over the stages, where the evidence disagrees), then
 * the weights fitted to your answers, how well the score agrees with you
 * (beside the ~85% Gilbert & Karahalios reached), the weights in force, and
 * a reset to the defaults.
 */
import {
  CalibrationCandidatesSchema,
  CalibrationSchema,
  type Agreement,
  type Calibration,
  type ClosenessRating,
} from '../../../shared/index.js';
import { getJson, messageOf, send } from '../api.js';
import { h, link, liveRegion } from '../core/dom.js';
import { STAGE_LABEL, percent, score } from '../core/format.js';
import type { View } from '../core/router.js';
import { canWrite } from '../core/session.js';
import { closenessRating } from '../forms/closeness-rating.js';
import { forgetGraph } from '../graph/graph-data.js';
import { problemView } from './problem.js';

const FACTOR_LABEL: Record<string, string> = {
  intensity: 'Intensity (recent warmth)',
  history: 'History (months in touch)',
  recency: 'Recency',
  duration: 'Duration',
  reciprocity: 'Reciprocity',
  structural: 'Shared contacts',
  services: 'Referrals and introductions',
};

const share = (x: number | null) => (x === null ? '–' : percent(x));
const rho = (x: number | null) => (x === null ? '–' : x.toFixed(2));

function agreementRow(label: string, a: Agreement | null): HTMLElement {
  return h(
    'tr',
    null,
    h('th', { scope: 'row' }, label),
    h('td', { 'data-metric': `${label}.strongWeak` }, a ? share(a.strongWeak) : 'not fitted yet'),
    h('td', null, a ? share(a.stage) : '–'),
    h('td', null, a ? rho(a.spearman) : '–'),
  );
}

function renderCalibration(c: Calibration): HTMLElement {
  return h(
    'section',
    { class: 'calibration-status', 'aria-label': 'Agreement and weights' },
    h('h3', null, 'How well the score agrees with you'),
    h(
      'p',
      null,
      `${c.ratings} rated (weights are fitted from ${c.minRatings}); `,
      h(
        'strong',
        { 'data-metric-text': 'inForce' },
        c.inForce === 'fitted' ? 'your fitted weights' : 'the default weights',
      ),
      ' in force.',
    ),
    h(
      'table',
      { class: 'factors' },
      h('caption', null, `Agreement with ratings held out of the fit (${c.agreement.folds}-fold cross-validation)`),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, 'Weights'),
          h('th', { scope: 'col' }, 'Strong/weak'),
          h('th', { scope: 'col' }, 'Stage'),
          h('th', { scope: 'col' }, 'Rank correlation'),
        ),
      ),
      h(
        'tbody',
        null,
        agreementRow('Defaults', c.agreement.defaults),
        agreementRow('Fitted to you', c.agreement.fitted),
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, 'Published reference'),
          h('td', null, percent(c.reference.strongWeak)),
          h('td', { colspan: 2 }, c.reference.source),
        ),
      ),
    ),
    h('p', { class: 'muted' }, c.why),
    h(
      'table',
      { class: 'factors' },
      h('caption', null, 'Weights in force'),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, 'Factor'),
          h('th', { scope: 'col' }, 'In force'),
          h('th', { scope: 'col' }, 'Default'),
        ),
      ),
      h(
        'tbody',
        null,
        Object.entries(c.weights).map(([k, v]) =>
          h(
            'tr',
            { 'data-weight': k },
            h('th', { scope: 'row' }, FACTOR_LABEL[k] ?? k),
            h('td', null, percent(v)),
            h('td', null, percent(c.defaults[k as keyof typeof c.defaults])),
          ),
        ),
      ),
    ),
  );
}

export async function calibrationView(): Promise<View> {
  let calibration: Calibration;
  try {
    calibration = await getJson('/api/v1/calibration', CalibrationSchema);
  } catch (e) {
    return { el: problemView(e, 'Calibration is not available yet'), title: 'Calibration' };
  }
  const statusBox = h('div', null, renderCalibration(calibration));
  const status = liveRegion();
  const writable = canWrite();
  const refresh = async () => {
    try {
      statusBox.replaceChildren(renderCalibration(await getJson('/api/v1/calibration', CalibrationSchema)));
    } catch (e) {
      status.textContent = messageOf(e);
    }
  };
  const fit = h('button', { type: 'button', disabled: !writable }, 'Fit the weights to my answers');
  fit.addEventListener('click', () => {
    status.textContent = 'Fitting…';
    void send('POST', '/api/v1/calibration/fit', undefined, CalibrationSchema)
      .then((c) => {
        forgetGraph();
        statusBox.replaceChildren(renderCalibration(c));
        status.textContent =
          c.inForce === 'fitted'
            ? 'Your weights agree better with you than the defaults: they are in force.'
            : 'The defaults agree with you as well or better: they stay in force.';
      })
      .catch((e: unknown) => {
        status.textContent = messageOf(e);
      });
  });
  const reset = h(
    'button',
    { type: 'button', class: 'secondary', disabled: !writable },
    'Reset to the default weights',
  );
  reset.addEventListener('click', () => {
    void send('DELETE', '/api/v1/calibration', undefined, CalibrationSchema)
      .then((c) => {
        forgetGraph();
        statusBox.replaceChildren(renderCalibration(c));
        status.textContent = 'Back to the default weights. Your ratings stay, each still holding its own tie.';
      })
      .catch((e: unknown) => {
        status.textContent = messageOf(e);
      });
  });

  const list = h('ol', { class: 'calibration-candidates' });
  let answered = 0;
  const counter = h('p', { class: 'muted', 'aria-live': 'polite' });
  try {
    const candidates = await getJson('/api/v1/calibration/candidates?limit=20', CalibrationCandidatesSchema);
    counter.textContent = `${candidates.rated} rated so far.`;
    list.replaceChildren(
      ...candidates.items.map((c) =>
        h(
          'li',
          { 'data-person': c.personId },
          h(
            'p',
            null,
            link(`/people/${encodeURIComponent(c.personId)}`, c.name),
            ` · score ${score(c.score)}, ${STAGE_LABEL[c.stage] ?? c.stage}`,
          ),
          h('p', { class: 'muted' }, c.reason),
          closenessRating(
            c.personId,
            null,
            (value: ClosenessRating | null) => {
              answered += value === null ? 0 : 1;
              counter.textContent = `${candidates.rated + answered} rated so far.`;
              void refresh();
            },
            { legend: `How close are you to ${c.name}?`, readOnly: !writable },
          ).el,
        ),
      ),
    );
    if (candidates.items.length === 0) list.replaceChildren(h('li', { class: 'muted' }, 'Nobody left to ask about.'));
  } catch (e) {
    list.replaceChildren(h('li', { class: 'form-error' }, messageOf(e)));
  }

  const el = h(
    'section',
    { class: 'view calibration-view' },
    h('h2', null, 'Calibrate the strength score'),
    h(
      'p',
      null,
      'Say how close you are to the people below. Each answer holds that tie in its stage ("rated by you"); together they fit the weights of the score to your judgement, used only when they agree with you better than the defaults.',
    ),
    counter,
    list,
    h('div', { class: 'actions' }, fit, ' ', reset),
    status,
    statusBox,
  );
  return { el, title: 'Calibration' };
}
