/** Sign in, and the first-run setup reached through the link printed on the console. */
import { LoginInput, SessionInfoSchema, SetupInput, SetupStatusSchema } from '../../../shared/index.js';
import { getJson, send } from '../api.js';
import { h, link } from '../core/dom.js';
import type { RouteMatch, View } from '../core/router.js';
import { adopt } from '../core/session.js';
import { SchemaForm } from '../forms/form-kit.js';

/** GET /auth/setup (declared in server/accounts/accounts.routes.ts, not in shared/). */

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function loginView(m: RouteMatch, go: (path: string) => void): View {
  const next = m.query.get('next');
  const target = next?.startsWith('/') && !next.startsWith('//') ? next : '/explorer';
  const form = new SchemaForm({
    submitLabel: 'Sign in',
    schema: LoginInput,
    fields: [
      { name: 'email', label: 'Email', kind: 'email', autocomplete: 'username' },
      { name: 'password', label: 'Password', kind: 'password', autocomplete: 'current-password' },
    ],
    toPayload: (v) => ({ email: str(v.email).trim(), password: str(v.password) }),
    submit: async (payload) => {
      adopt(await send('POST', '/api/v1/auth/login', payload, SessionInfoSchema));
      go(target);
      return 'Signed in.';
    },
  });
  const setupNote = h(
    'p',
    { class: 'muted', hidden: true },
    'No account exists yet: open the setup link printed on the server console (',
    h('code', null, '/setup#token=…'),
    ').',
  );
  void getJson('/api/v1/auth/setup', SetupStatusSchema)
    .then((s) => {
      setupNote.hidden = !s.needed;
    })
    .catch(() => undefined);
  // Where the user came from, when it was a sign-out or a deletion of their own.
  const notice = m.query.has('deleted')
    ? 'Your account was deleted.'
    : m.query.get('signedOut') === 'everywhere'
      ? 'You were signed out everywhere: every session of your account has ended.'
      : null;
  return {
    el: h(
      'section',
      { class: 'view narrow login-view' },
      h('h2', null, 'Sign in'),
      notice ? h('p', { class: 'status', role: 'status' }, notice) : null,
      form.el,
      h('p', null, link('/reset-password', 'Forgot your password?')),
      setupNote,
    ),
    title: 'Sign in',
    focus: form.control('email') as HTMLElement,
  };
}

export function setupView(go: (path: string) => void): View {
  const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
  // The token must not linger in the address bar or the history.
  if (location.hash) history.replaceState(null, '', location.pathname);
  const form = new SchemaForm({
    submitLabel: 'Create my account',
    schema: SetupInput,
    fields: [
      ...(token
        ? []
        : [
            {
              name: 'token',
              label: 'Setup token',
              kind: 'text' as const,
              hint: 'The part after #token= in the link printed on the console',
            },
          ]),
      { name: 'name', label: 'Your name', kind: 'text', autocomplete: 'name' },
      { name: 'email', label: 'Email', kind: 'email', autocomplete: 'username' },
      {
        name: 'password',
        label: 'Password',
        kind: 'password',
        autocomplete: 'new-password',
        hint: 'At least 10 characters',
      },
    ],
    toPayload: (v) => ({
      token: token || str(v.token).trim(),
      name: str(v.name).trim(),
      email: str(v.email).trim(),
      password: str(v.password),
    }),
    submit: async (payload) => {
      adopt(await send('POST', '/api/v1/auth/setup', payload, SessionInfoSchema));
      go('/import');
      return 'Account created.';
    },
  });
  return {
    el: h(
      'section',
      { class: 'view narrow setup-view' },
      h('h2', null, 'Create your account'),
      h('p', null, 'This is a new Nurture. The first account owns the workspace; you can invite others later.'),
      form.el,
      h('p', { class: 'muted' }, 'Already set up? ', link('/login', 'Sign in'), '.'),
    ),
    title: 'Set up',
  };
}
