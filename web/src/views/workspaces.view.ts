/** The workspaces I belong to: switch between them, or start a new one. */
import { WorkspaceCreate, WorkspaceSchema } from '../../../shared/index.js';
import { send } from '../api.js';
import { h } from '../core/dom.js';
import type { View } from '../core/router.js';
import { loadSession, session, switchWorkspace } from '../core/session.js';
import { SchemaForm } from '../forms/form-kit.js';

export function workspacesView(): View {
  const list = h('ul', { class: 'workspace-list' });
  const draw = () => {
    const s = session();
    list.replaceChildren(
      ...(s?.info.workspaces ?? []).map((w) => {
        const current = w.workspace.id === s?.workspaceId;
        const button = h(
          'button',
          { type: 'button', class: 'secondary', disabled: current },
          current ? 'Current' : 'Switch to it',
        );
        button.addEventListener('click', () => {
          switchWorkspace(w.workspace.id);
          draw();
        });
        return h(
          'li',
          { class: current ? 'current' : null },
          h('strong', null, w.workspace.name),
          ` · your role: ${w.role} · time zone ${w.workspace.timeZone} `,
          button,
        );
      }),
    );
  };
  draw();
  const form = new SchemaForm({
    title: 'Start a new workspace',
    submitLabel: 'Create workspace',
    schema: WorkspaceCreate,
    fields: [{ name: 'name', label: 'Name', kind: 'text', hint: 'e.g. "Our firm" for a team network' }],
    toPayload: (v) => ({ name: typeof v.name === 'string' ? v.name.trim() : '' }),
    submit: async (payload) => {
      const ws = await send('POST', '/api/v1/workspaces', payload, WorkspaceSchema);
      await loadSession();
      switchWorkspace(ws.id);
      draw();
      return `Created “${ws.name}” and switched to it. Import connections to fill it.`;
    },
    reset: true,
  });
  return {
    el: h(
      'section',
      { class: 'view narrow workspaces-view' },
      h('h2', null, 'Workspaces'),
      h(
        'p',
        null,
        'Everything belongs to one workspace; nothing crosses between them. A team workspace combines members\u2019 networks, while each member\u2019s private notes stay private.',
      ),
      list,
      form.el,
    ),
    title: 'Workspaces',
  };
}
