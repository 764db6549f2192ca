/**
 * Your account, for every user: change the password (the strength rules'
 * message in plain words), sign out everywhere, personal API tokens (the
 * secret shown once), your own sign-in log, and deleting the account (asked
 * twice; the last owner of a shared workspace is told what to do first).
 */
import { z } from 'zod';
import {
  AccountDelete,
  ApiTokenCreate,
  ApiTokenCreated,
  ApiTokenSchema,
  PasswordChange,
  type ApiToken,
  type AuditEntry,
} from '../../../shared/index.js';
import { ApiError, getJson, messageOf, send } from '../api.js';
import { ask } from '../core/dialog.js';
import { h, link, liveRegion } from '../core/dom.js';
import { dateTime, day } from '../core/format.js';
import type { View } from '../core/router.js';
import { clearSession, session } from '../core/session.js';
import { SchemaForm } from '../forms/form-kit.js';
import { auditLogTable } from './audit-log-table.js';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const Tokens = z.array(ApiTokenSchema);

/** What an entry of the account log says, in words. */
export function accountEvent(e: Pick<AuditEntry, 'action' | 'meta'>): string {
  const via = typeof e.meta.via === 'string' ? e.meta.via : null;
  switch (e.action) {
    case 'login':
      return 'Signed in';
    case 'login.failed':
      return e.meta.disabled ? 'Sign-in refused: the account is disabled' : 'Failed sign-in (wrong password)';
    case 'setup':
      return 'Account created at setup';
    case 'signup':
      return 'Account created from an invitation';
    case 'logout.everywhere':
      return 'Signed out everywhere';
    case 'password.change':
      return 'Password changed';
    case 'password.reset':
      return via === 'email' ? 'Password reset by emailed link' : 'Password reset by the administrator';
    case 'password.reset.requested':
      return 'Password reset link requested';
    case 'token.create':
      return `API token created${typeof e.meta.name === 'string' ? `: ${e.meta.name}` : ''}`;
    case 'token.revoke':
      return 'API token revoked';
    case 'account.disable':
      return 'Account disabled by the administrator';
    case 'account.enable':
      return 'Account enabled by the administrator';
    default:
      return e.action;
  }
}

export function accountView(go: (path: string) => void): View {
  const s = session()!;
  const user = s.info.user;
  const status = liveRegion();
  const heading = h('h2', null, 'Your account');

  // -- password ---------------------------------------------------------------
  const passwordForm = new SchemaForm({
    title: 'Change your password',
    submitLabel: 'Change password',
    schema: PasswordChange,
    fields: [
      { name: 'currentPassword', label: 'Current password', kind: 'password', autocomplete: 'current-password' },
      {
        name: 'newPassword',
        label: 'New password',
        kind: 'password',
        autocomplete: 'new-password',
        hint: 'At least 10 characters and hard to guess: common passwords, names, your email and keyboard runs are refused. A few unrelated words make a good one.',
      },
    ],
    toPayload: (v) => ({ currentPassword: str(v.currentPassword), newPassword: str(v.newPassword) }),
    submit: async (payload) => {
      await send('POST', '/api/v1/auth/password', payload, null);
      void loadLog();
      return 'Password changed. You stay signed in here; every other session of your account was signed out.';
    },
    reset: true,
  });

  // -- sign out everywhere -----------------------------------------------------
  const everywhere = h('button', { type: 'button', class: 'secondary' }, 'Sign out everywhere');
  everywhere.addEventListener('click', () => {
    void (async () => {
      const choice = await ask({
        title: 'Sign out everywhere?',
        body: h(
          'p',
          null,
          'Every session of your account ends: this browser, your other browsers and devices. Your API tokens keep working (revoke them below). You sign in again with your password.',
        ),
        choices: [{ key: 'out', label: 'Sign out everywhere' }],
      });
      if (choice !== 'out') return;
      try {
        await send('POST', '/api/v1/auth/logout-everywhere', undefined, null);
        clearSession();
        go('/login?signedOut=everywhere');
      } catch (e) {
        status.textContent = `Not signed out: ${messageOf(e)}`;
      }
    })();
  });

  // -- API tokens --------------------------------------------------------------
  const tokenBox = h('div', { class: 'token-box' });
  const secretBox = h('div', { class: 'hand-over', hidden: true });
  async function loadTokens(): Promise<void> {
    let tokens: ApiToken[];
    try {
      tokens = await getJson('/api/v1/auth/tokens', Tokens);
    } catch (e) {
      tokenBox.replaceChildren(h('p', { class: 'form-error' }, messageOf(e)));
      return;
    }
    tokenBox.replaceChildren(
      tokens.length === 0
        ? h('p', { class: 'muted' }, 'You have no API token.')
        : h(
            'ul',
            { class: 'member-list', 'aria-label': 'Your API tokens' },
            tokens.map((t) => {
              const revoke = h('button', { type: 'button', class: 'secondary' }, 'Revoke');
              revoke.setAttribute('aria-label', `Revoke the token ${t.name}`);
              revoke.addEventListener('click', () => {
                revoke.disabled = true;
                send('DELETE', `/api/v1/auth/tokens/${encodeURIComponent(t.id)}`, undefined, null)
                  .then(async () => {
                    status.textContent = `Revoked “${t.name}”: scripts using it are refused from now on.`;
                    secretBox.hidden = true;
                    await loadTokens();
                    (tokenBox.querySelector('button') as HTMLElement | null)?.focus();
                    void loadLog();
                  })
                  .catch((e: unknown) => {
                    revoke.disabled = false;
                    status.textContent = `Not revoked: ${messageOf(e)}`;
                  });
              });
              return h(
                'li',
                { 'data-token': t.id },
                h(
                  'div',
                  { class: 'member-who' },
                  h('strong', null, t.name),
                  h('span', { class: 'muted' }, h('code', null, `${t.prefix}…`), ` made ${day(t.createdAt)}`),
                  h('span', { class: 'muted' }, t.lastUsedAt ? `Last used ${dateTime(t.lastUsedAt)}` : 'Never used'),
                ),
                revoke,
              );
            }),
          ),
    );
  }
  const tokenForm = new SchemaForm({
    title: 'Make a token',
    submitLabel: 'Make the token',
    schema: ApiTokenCreate,
    fields: [{ name: 'name', label: 'What it is for', kind: 'text', hint: 'e.g. “weekly export script”' }],
    toPayload: (v) => ({ name: str(v.name).trim() }),
    submit: async (payload) => {
      const made = await send('POST', '/api/v1/auth/tokens', payload, ApiTokenCreated);
      const id = 'new-token';
      const input = h('input', { id, type: 'text', readonly: true, value: made.token, class: 'link-field' });
      secretBox.replaceChildren(
        h('h4', { tabindex: '-1' }, `Your new token “${made.apiToken.name}”`),
        h(
          'p',
          null,
          'Copy it now: it is shown only this once (Nurture keeps only a fingerprint of it). Send it as ',
          h('code', null, 'Authorization: Bearer …'),
          '. It acts as you, in every workspace you belong to.',
        ),
        h('label', { for: id }, 'Token'),
        input,
      );
      secretBox.hidden = false;
      await loadTokens();
      (secretBox.querySelector('h4') as HTMLElement).focus();
      void loadLog();
      return `Token “${made.apiToken.name}” made.`;
    },
    reset: true,
  });

  // -- the account log ---------------------------------------------------------
  const { el: logBox, load: loadLog } = auditLogTable({
    url: '/api/v1/auth/audit',
    caption: 'Your account log, newest first',
    className: 'account-log',
    label: 'Account log',
    columns: [{ head: 'What', cell: accountEvent }],
  });

  // -- delete the account ------------------------------------------------------
  const deleteForm = new SchemaForm({
    title: 'Delete your account',
    className: 'danger-zone',
    submitLabel: 'Delete my account…',
    schema: AccountDelete,
    fields: [
      {
        name: 'password',
        label: 'Your password, to confirm',
        kind: 'password',
        autocomplete: 'current-password',
      },
    ],
    toPayload: (v) => ({ password: str(v.password) }),
    submit: async (payload) => {
      const alone = s.info.workspaces.map((w) => w.workspace.name);
      const choice = await ask({
        title: 'Delete your account for good?',
        body: [
          h(
            'p',
            null,
            'Your account, its sessions, API tokens and private notes are deleted, and you leave every workspace. Workspaces no one else belongs to are deleted with everything in them; shared ones stay with their other members.',
          ),
          alone.length > 0 ? h('p', null, `Your workspaces: ${alone.join(', ')}.`) : null,
          h('p', null, 'This cannot be undone.'),
        ],
        choices: [{ key: 'delete', label: 'Delete my account', kind: 'secondary' }],
      });
      if (choice !== 'delete') return null;
      try {
        await send('POST', '/api/v1/auth/account/delete', payload, null);
      } catch (e) {
        if (e instanceof ApiError && e.status === 409)
          throw new Error(
            `Not deleted. ${e.message}, so that it is not left without one (on its Team page), or remove its other members; then delete your account.`,
          );
        throw e;
      }
      clearSession();
      go('/login?deleted=1');
      return 'Account deleted.';
    },
  });

  void loadTokens();
  void loadLog();
  const el = h(
    'section',
    { class: 'view narrow account-view' },
    heading,
    h('p', null, `Signed in as ${user.name} (${user.email}).`),
    status,
    passwordForm.el,
    h(
      'section',
      { 'aria-labelledby': 'sessions-heading' },
      h('h3', { id: 'sessions-heading' }, 'Sessions'),
      h(
        'p',
        null,
        'Lost a device, or signed in on a shared computer? Sign out everywhere ends every session of your account at once.',
      ),
      h('p', null, everywhere),
    ),
    h(
      'section',
      { 'aria-labelledby': 'tokens-heading' },
      h('h3', { id: 'tokens-heading' }, 'API tokens'),
      h(
        'p',
        null,
        'For scripts and the command line against this server: a token acts as you. Revoke one you no longer use.',
      ),
      tokenBox,
      secretBox,
      tokenForm.el,
    ),
    h(
      'section',
      { 'aria-labelledby': 'log-heading' },
      h('h3', { id: 'log-heading' }, 'Your sign-ins and account changes'),
      h(
        'p',
        { class: 'muted' },
        'Every sign-in, failed sign-in, password and token change of your account, with the address it came from. Something you do not recognise? Change your password and sign out everywhere.',
      ),
      logBox,
    ),
    deleteForm.el,
    h(
      'p',
      { class: 'muted' },
      'Workspaces and their teams: ',
      link('/workspaces', 'Workspaces'),
      ' · ',
      link('/team', 'Team'),
      '.',
    ),
  );
  return { el, title: 'Your account' };
}
