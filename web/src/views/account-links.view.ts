/**
 * The pages the links Nurture sends or hands over open: an invitation to a
 * workspace (`/invite#token=…`: accept it signed in, or create the invited
 * account) and a password reset (`/reset-password#token=…`, or without a
 * token: ask for a link by email). The secret is read from the fragment, so
 * it never reaches a server log, then taken out of the address bar.
 */
import {
  InvitationPreviewSchema,
  InvitationSignUp,
  MembershipSchema,
  PasswordResetConfirm,
  PasswordResetRequest,
  SessionInfoSchema,
  SetupStatusSchema,
} from '../../../shared/index.js';
import { getJson, messageOf, send } from '../api.js';
import { h, link } from '../core/dom.js';
import type { View } from '../core/router.js';
import { adopt, loadSession, session, switchWorkspace } from '../core/session.js';
import { SchemaForm } from '../forms/form-kit.js';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const INVITE_KEY = 'nurture.invitation';

/** The token of the link: from the fragment (then hidden), or kept from before a sign-in in this tab. */
function tokenFromLink(key: string): string {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (location.hash) history.replaceState(null, '', location.pathname);
  try {
    if (fromHash) sessionStorage.setItem(key, fromHash);
    return fromHash ?? sessionStorage.getItem(key) ?? '';
  } catch {
    return fromHash ?? '';
  }
}

function forget(key: string): void {
  try {
    sessionStorage.removeItem(key);
  } catch {
    // nothing kept
  }
}

export function invitationView(go: (path: string) => void): View {
  const token = tokenFromLink(INVITE_KEY);
  const status = h('p', { class: 'status', role: 'status' }, token ? 'Reading the invitation…' : '');
  const body = h('div');
  const el = h('section', { class: 'view narrow invitation-view' }, h('h2', null, 'Invitation'), status, body);
  if (!token) {
    status.textContent = 'This page opens from an invitation link (…/invite#token=…). Ask whoever invited you for it.';
    return { el, title: 'Invitation' };
  }
  const joined = async (workspaceId: string) => {
    forget(INVITE_KEY);
    await loadSession();
    switchWorkspace(workspaceId);
    go('/explorer');
  };
  void send('POST', '/api/v1/invitations/preview', { token }, InvitationPreviewSchema)
    .then((inv) => {
      status.textContent = `${inv.invitedBy ?? 'Someone'} invited ${inv.email} to the workspace "${inv.workspaceName}" as ${inv.role}.`;
      const s = session();
      if (s) {
        const accept = h('button', { type: 'button' }, 'Accept the invitation');
        const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
        accept.addEventListener('click', () => {
          accept.disabled = true;
          send('POST', '/api/v1/invitations/accept', { token }, MembershipSchema)
            .then((m) => joined(m.workspaceId))
            .catch((e: unknown) => {
              error.textContent = messageOf(e);
              error.hidden = false;
              accept.disabled = false;
            });
        });
        body.replaceChildren(
          h('p', null, `You are signed in as ${s.info.user.email}.`),
          h('div', { class: 'form-actions' }, accept),
          error,
        );
        return;
      }
      const form = new SchemaForm({
        title: 'New here? Create your account',
        submitLabel: 'Create my account and join',
        schema: InvitationSignUp,
        fields: [
          { name: 'name', label: 'Your name', kind: 'text', autocomplete: 'name' },
          {
            name: 'password',
            label: 'Password',
            kind: 'password',
            autocomplete: 'new-password',
            hint: 'At least 10 characters, hard to guess',
          },
        ],
        toPayload: (v) => ({ token, name: str(v.name).trim(), password: str(v.password) }),
        submit: async (payload) => {
          const info = adopt(await send('POST', '/api/v1/invitations/sign-up', payload, SessionInfoSchema));
          const ws = info.info.workspaces[0]?.workspace.id;
          if (ws) await joined(ws);
          return 'Welcome.';
        },
      });
      body.replaceChildren(
        h('p', null, 'Have an account with this email? ', link('/login?next=/invite', 'Sign in to accept'), '.'),
        form.el,
      );
    })
    .catch((e: unknown) => {
      forget(INVITE_KEY);
      status.textContent = messageOf(e);
      status.className = 'status bad';
    });
  return { el, title: 'Invitation' };
}

export function resetPasswordView(): View {
  const token = tokenFromLink('nurture.reset');
  forget('nurture.reset');
  const form = token
    ? new SchemaForm({
        submitLabel: 'Set my new password',
        schema: PasswordResetConfirm,
        fields: [
          {
            name: 'password',
            label: 'New password',
            kind: 'password',
            autocomplete: 'new-password',
            hint: 'At least 10 characters, hard to guess',
          },
        ],
        toPayload: (v) => ({ token, password: str(v.password) }),
        submit: async (payload) => {
          await send('POST', '/api/v1/auth/password-reset/confirm', payload, null);
          return 'Your password is changed and every session ended: sign in with the new one.';
        },
      })
    : new SchemaForm({
        submitLabel: 'Email me a reset link',
        schema: PasswordResetRequest,
        fields: [{ name: 'email', label: 'Email', kind: 'email', autocomplete: 'username' }],
        toPayload: (v) => ({ email: str(v.email).trim() }),
        submit: async (payload) => {
          await send('POST', '/api/v1/auth/password-reset', payload, null);
          return 'If this email has an account, a reset link is on its way: it works once, within 60 minutes. Nothing arrived? Look in your spam folder, or ask again.';
        },
      });
  // Without SMTP no link can be sent: say so, and who can reset it instead.
  const noEmail = h(
    'div',
    { class: 'no-email', hidden: true },
    h(
      'p',
      null,
      'This Nurture server sends no email, so it cannot send you a reset link. Ask whoever runs it to reset your password: they run ',
      h('code', null, 'npx nurture user reset-password --email you@example.com'),
      ' on the server and give you the new password (every session of your account ends).',
    ),
  );
  const formBox = h('div', null, form.el);
  if (!token)
    void getJson('/api/v1/auth/setup', SetupStatusSchema)
      .then((st) => {
        noEmail.hidden = st.emailResets;
        formBox.hidden = !st.emailResets;
      })
      .catch(() => undefined);
  return {
    el: h(
      'section',
      { class: 'view narrow reset-view' },
      h('h2', null, token ? 'Choose a new password' : 'Forgot your password?'),
      noEmail,
      formBox,
      h('p', { class: 'muted' }, link('/login', 'Back to sign in'), '.'),
    ),
    title: 'Reset password',
  };
}
