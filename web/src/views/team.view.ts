/**
 * The team of the workspace: who belongs to it and with which role. Owners
 * change roles, remove members, invite someone by email and withdraw pending
 * invitations; without SMTP the invitation link is shown once, to hand over.
 * Members and viewers see the list only.
 */
import {
  InvitationCreated,
  InvitationSchema,
  MemberAdd,
  MemberSchema,
  Role,
  type Invitation,
  type Member,
} from '../../../shared/index.js';
import { z } from 'zod';
import { getJson, messageOf, send } from '../api.js';
import { ask } from '../core/dialog.js';
import { h, liveRegion } from '../core/dom.js';
import { day } from '../core/format.js';
import type { View } from '../core/router.js';
import { session } from '../core/session.js';
import { SchemaForm } from '../forms/form-kit.js';
import { problemView } from './problem.js';
import { workspaceLog } from './workspace-log.js';

export const ROLE_WORDS: Record<Role, { label: string; can: string }> = {
  owner: { label: 'Owner', can: 'everything, including the team and the audit log' },
  member: { label: 'Member', can: 'reads the network and logs what happens' },
  viewer: { label: 'Viewer', can: 'reads the network, changes nothing' },
};
const ROLE_OPTIONS = Role.options.map((r) => [r, ROLE_WORDS[r].label] as const);
const Members = z.array(MemberSchema);
const Invitations = z.array(InvitationSchema);

export async function teamView(): Promise<View> {
  const s = session();
  const owner = s?.role === 'owner';
  const self = s?.info.user.id;
  const workspaceName = s?.info.workspaces.find((w) => w.workspace.id === s.workspaceId)?.workspace.name ?? '';
  const status = liveRegion();
  const memberBox = h('div', { class: 'member-box' });
  const inviteBox = h('div', { class: 'invitation-box' });
  const handOver = h('div', { class: 'hand-over', hidden: true });

  let members: Member[];
  try {
    members = await getJson('/api/v1/workspace/members', Members);
  } catch (e) {
    return { el: problemView(e, 'The team could not be loaded'), title: 'Team' };
  }

  const reloadMembers = async (focusUser?: string) => {
    members = await getJson('/api/v1/workspace/members', Members);
    drawMembers();
    if (focusUser)
      memberBox
        .querySelector<HTMLElement>(
          `li[data-user="${CSS.escape(focusUser)}"] select, li[data-user="${CSS.escape(focusUser)}"] button`,
        )
        ?.focus();
  };

  function drawMembers(): void {
    const sorted = [...members].sort(
      (a, b) => Role.options.indexOf(a.role) - Role.options.indexOf(b.role) || a.user.name.localeCompare(b.user.name),
    );
    memberBox.replaceChildren(
      h(
        'ul',
        { class: 'member-list', 'aria-label': 'Members' },
        sorted.map((m) => {
          const you = m.user.id === self;
          const who = h(
            'div',
            { class: 'member-who' },
            h('strong', null, m.user.name, you ? ' (you)' : ''),
            h('span', { class: 'muted' }, m.user.email),
            h('span', { class: 'muted' }, `Joined ${day(m.createdAt)}`),
          );
          if (!owner || you)
            return h(
              'li',
              { 'data-user': m.user.id },
              who,
              h('span', { class: 'member-role' }, ROLE_WORDS[m.role].label),
            );
          const selectId = `role-${m.user.id}`;
          const select = h(
            'select',
            { id: selectId },
            ROLE_OPTIONS.map(([v, label]) => h('option', { value: v }, label)),
          );
          select.value = m.role;
          const save = h('button', { type: 'button', class: 'secondary' }, 'Change role');
          save.addEventListener('click', () => void changeRole(m, select.value as Role));
          const remove = h('button', { type: 'button', class: 'secondary danger' }, 'Remove');
          remove.setAttribute('aria-label', `Remove ${m.user.name}`);
          remove.addEventListener('click', () => void removeMember(m));
          return h(
            'li',
            { 'data-user': m.user.id },
            who,
            h(
              'div',
              { class: 'member-actions' },
              h('label', { for: selectId, class: 'visually-hidden' }, `Role of ${m.user.name}`),
              select,
              save,
              remove,
            ),
          );
        }),
      ),
    );
  }

  async function changeRole(m: Member, role: Role): Promise<void> {
    if (role === m.role) {
      status.textContent = `${m.user.name} is already ${ROLE_WORDS[role].label.toLowerCase()}.`;
      return;
    }
    try {
      await send('PATCH', `/api/v1/workspace/members/${encodeURIComponent(m.user.id)}`, { role }, MemberSchema);
      status.textContent = `${m.user.name} is now ${ROLE_WORDS[role].label.toLowerCase()}: ${ROLE_WORDS[role].can}.`;
      await reloadMembers(m.user.id);
    } catch (e) {
      status.textContent = `Role not changed: ${messageOf(e)}`;
    }
  }

  async function removeMember(m: Member): Promise<void> {
    const choice = await ask({
      title: `Remove ${m.user.name}?`,
      body: h(
        'p',
        null,
        `${m.user.name} loses access to “${workspaceName}” at once, and is signed out everywhere (their API tokens stop working too). What they logged stays in the workspace. You can invite them again later.`,
      ),
      choices: [{ key: 'remove', label: `Remove ${m.user.name}`, kind: 'secondary' }],
    });
    if (choice !== 'remove') return;
    try {
      await send('DELETE', `/api/v1/workspace/members/${encodeURIComponent(m.user.id)}`, undefined, null);
      status.textContent = `${m.user.name} was removed from the workspace.`;
      await reloadMembers();
      heading.focus();
    } catch (e) {
      status.textContent = `Not removed: ${messageOf(e)}`;
    }
  }

  async function drawInvitations(focusFirst = false): Promise<void> {
    if (!owner) return;
    let pending: Invitation[];
    try {
      pending = await getJson('/api/v1/workspace/invitations', Invitations);
    } catch (e) {
      inviteBox.replaceChildren(h('p', { class: 'form-error' }, messageOf(e)));
      return;
    }
    inviteBox.replaceChildren(
      h('h3', { id: 'pending-heading' }, 'Pending invitations'),
      pending.length === 0
        ? h('p', { class: 'muted' }, 'None: everyone invited has joined, or their invitation ran out.')
        : h(
            'ul',
            { class: 'member-list', 'aria-labelledby': 'pending-heading' },
            pending.map((i) => {
              const withdraw = h('button', { type: 'button', class: 'secondary' }, 'Withdraw');
              withdraw.setAttribute('aria-label', `Withdraw the invitation of ${i.email}`);
              withdraw.addEventListener('click', () => {
                withdraw.disabled = true;
                send('DELETE', `/api/v1/workspace/invitations/${encodeURIComponent(i.id)}`, undefined, null)
                  .then(async () => {
                    status.textContent = `Withdrawn: the link sent to ${i.email} no longer works.`;
                    handOver.hidden = true;
                    await drawInvitations(true);
                  })
                  .catch((e: unknown) => {
                    withdraw.disabled = false;
                    status.textContent = `Not withdrawn: ${messageOf(e)}`;
                  });
              });
              return h(
                'li',
                { 'data-invitation': i.id },
                h(
                  'div',
                  { class: 'member-who' },
                  h('strong', null, i.email),
                  h('span', { class: 'muted' }, `Invited ${day(i.createdAt)}, valid until ${day(i.expiresAt)}`),
                ),
                h('span', { class: 'member-role' }, ROLE_WORDS[i.role].label),
                withdraw,
              );
            }),
          ),
    );
    if (focusFirst) (inviteBox.querySelector('button') ?? inviteBox.querySelector('h3'))?.focus();
  }

  function showLink(email: string, url: string): void {
    const id = 'invitation-link';
    const input = h('input', { id, type: 'text', readonly: true, value: url, class: 'link-field' });
    const copy = h('button', { type: 'button', class: 'secondary' }, 'Copy the link');
    copy.addEventListener('click', () => {
      input.select();
      navigator.clipboard
        ?.writeText(url)
        .then(() => {
          status.textContent = 'Link copied.';
        })
        .catch(() => {
          status.textContent = 'Select the link and copy it.';
        });
    });
    handOver.replaceChildren(
      h('h3', { tabindex: '-1' }, `Hand this link to ${email}`),
      h(
        'p',
        null,
        'This server sends no email, so the invitation is not sent for you. Give this link to them yourself (a message, a chat): it works once, for 7 days, and is shown only now. Whoever opens it can join as the role you chose, so send it to them alone.',
      ),
      h('label', { for: id }, 'Invitation link'),
      h('div', { class: 'link-row' }, input, copy),
    );
    handOver.hidden = false;
    (handOver.querySelector('h3') as HTMLElement).focus();
  }

  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const inviteForm = owner
    ? new SchemaForm({
        title: 'Invite someone',
        submitLabel: 'Invite',
        schema: MemberAdd,
        fields: [
          { name: 'email', label: 'Their email', kind: 'email', autocomplete: 'off' },
          {
            name: 'role',
            label: 'Role',
            kind: 'select',
            options: ROLE_OPTIONS,
            initial: 'member',
            hint: Role.options.map((r) => `${ROLE_WORDS[r].label}: ${ROLE_WORDS[r].can}.`).join(' '),
          },
        ],
        toPayload: (v) => ({ email: str(v.email).trim(), role: str(v.role) }),
        submit: async (payload) => {
          const created = await send('POST', '/api/v1/workspace/members', payload, InvitationCreated);
          const email = created.invitation.email;
          await drawInvitations();
          if (created.delivery === 'link' && created.link) {
            showLink(email, created.link);
            return `Invitation made for ${email}: hand them the link below.`;
          }
          handOver.hidden = true;
          return `Invitation emailed to ${email}. They join when they accept it (within 7 days).`;
        },
        reset: true,
      })
    : null;

  const heading = h('h2', null, 'Team');
  drawMembers();
  await drawInvitations();
  const log = owner ? workspaceLog(() => members) : null;
  await log?.load();
  const el = h(
    'section',
    { class: 'view team-view' },
    heading,
    h(
      'p',
      null,
      `Who belongs to “${workspaceName}”, and what each may do. `,
      owner
        ? 'As an owner you invite people, change roles and remove members.'
        : 'Only owners invite people or change roles.',
    ),
    status,
    h('section', { 'aria-label': 'Members', class: 'team-members' }, h('h3', null, 'Members'), memberBox),
    owner
      ? h('section', { 'aria-label': 'Invitations', class: 'team-invitations' }, inviteForm!.el, handOver, inviteBox)
      : null,
    log?.el ?? null,
  );
  return { el, title: 'Team' };
}
