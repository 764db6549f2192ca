/**
 * The workspace's audit log on the team page, for owners (GET /api/v1/audit):
 * who imported, exported, downloaded, invited, merged or erased what, and
 * when, in words, newest first. The entries name no person (an erased one
 * must not come back through the log), only what was done.
 */
import type { AuditEntry, Member } from '../../../shared/index.js';
import { h } from '../core/dom.js';
import { accountEvent } from './account.view.js';
import { auditLogTable } from './audit-log-table.js';

/** What a workspace event was, in words. */
export function workspaceEvent(e: Pick<AuditEntry, 'action' | 'meta'>): string {
  switch (e.action) {
    case 'import':
      return 'Imported contacts';
    case 'export':
      return 'Exported everything held about a person';
    case 'analytics.export':
      return 'Exported the scores';
    case 'graph.export':
      return 'Exported the network graph';
    case 'vcard.export':
      return 'Exported contacts as vCards';
    case 'mailing-list.export':
      return 'Exported a mailing list (with emails)';
    case 'report.download':
      return 'Downloaded a weekly report';
    case 'erase.held':
      return 'Deleted a person (undo possible for a few minutes)';
    case 'erase.undone':
      return 'Put a deleted person back';
    case 'erase':
      return e.meta.when === 'due' ? 'Erased a person for good (undo time up)' : 'Erased a person for good';
    case 'person.merge':
      return 'Merged two people';
    case 'person.merge.undo':
      return 'Undid a merge';
    case 'person.not-duplicate':
      return 'Marked two people as not the same';
    case 'member.invite':
      return 'Invited someone';
    case 'invitation.revoke':
      return 'Withdrew an invitation';
    case 'member.join':
      return 'Joined the workspace';
    case 'member.update':
      return 'Changed a member’s role or person';
    case 'member.remove':
      return 'Removed a member';
    case 'workspace.create':
      return 'Created the workspace';
    default:
      return accountEvent(e);
  }
}

/** The log as a section, drawn now and again on "Show more". */
export function workspaceLog(members: () => Member[]): { el: HTMLElement; load: () => Promise<void> } {
  const who = (id: string | null) =>
    id === null ? 'Nurture' : (members().find((m) => m.user.id === id)?.user.name ?? 'a former member');
  const { el: box, load } = auditLogTable({
    url: '/api/v1/audit',
    caption: 'Workspace log, newest first',
    className: 'workspace-log',
    label: 'Workspace log',
    columns: [
      { head: 'Who', cell: (e) => who(e.actorUserId) },
      { head: 'What', cell: workspaceEvent },
    ],
  });
  const el = h(
    'section',
    { 'aria-label': 'Workspace log', class: 'team-log' },
    h('h3', null, 'Workspace log'),
    h(
      'p',
      { class: 'muted' },
      'Imports, exports, downloads, invitations, merges and erasures in this workspace, with who and from where. Sign-ins are in each person’s own account log.',
    ),
    box,
  );
  return { el, load };
}
