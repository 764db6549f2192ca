/** What a view shows when its data cannot be had, with the way out when there is one. */
import { ApiError, messageOf } from '../api.js';
import { h, link } from '../core/dom.js';

export function problemView(e: unknown, title: string): HTMLElement {
  const needsMe = e instanceof ApiError && e.status === 409;
  return h(
    'section',
    { class: 'view problem-view' },
    h('h2', null, needsMe ? 'Your network is empty' : title),
    h('p', { class: needsMe ? null : 'form-error' }, messageOf(e)),
    needsMe
      ? h(
          'p',
          null,
          'Import your LinkedIn connections (and say which name is yours) to start: ',
          link('/import', 'Import'),
          '.',
        )
      : e instanceof ApiError && e.status === 403
        ? h(
            'p',
            null,
            'Your role in this workspace does not allow this. Choose another workspace: ',
            link('/workspaces', 'Workspaces'),
            '.',
          )
        : null,
  );
}
