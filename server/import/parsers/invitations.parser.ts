/**
 * LinkedIn's Invitations.csv: `From,To,Sent At,Message,Direction`, newer
 * exports adding inviter/invitee profile URLs (or URNs). An invitation says
 * who reached out first; its message text is not read.
 */
import { type TextInput, type TextSource, cell, columnIndex, rowsAfter } from '../csv-reader.js';
import type { InvitationRow, InvitationsParse, Rejection } from '../import.types.js';
import { parseInstant } from '../linkedin-dates.js';
import { isInvitationsHeader, openCsv, profileUrl } from './parser-kit.js';

export async function parseInvitations(
  input: TextInput | TextSource,
  { file = 'Invitations.csv' }: { file?: string } = {},
): Promise<InvitationsParse> {
  const { source, header } = await openCsv(input, file, isInvitationsHeader, 'From, To and Sent At');
  const col = {
    from: columnIndex(header, 'from'),
    to: columnIndex(header, 'to'),
    at: columnIndex(header, 'sentat'),
    direction: columnIndex(header, 'direction'),
    fromUrl: columnIndex(header, 'inviterprofileurl', 'inviterprofileurn', 'inviterurl'),
    toUrl: columnIndex(header, 'inviteeprofileurl', 'inviteeprofileurn', 'inviteeurl'),
  };
  const rows: InvitationRow[] = [];
  const rejected: Rejection[] = [];
  for await (const r of rowsAfter(source, header, file)) {
    const from = { name: cell(r, col.from), url: profileUrl(cell(r, col.fromUrl)) };
    const to = { name: cell(r, col.to), url: profileUrl(cell(r, col.toUrl)) };
    const rawAt = cell(r, col.at);
    const at = parseInstant(rawAt);
    if (!at) {
      rejected.push({ line: r.line, reason: rawAt ? `Sent At "${rawAt}" is not a date` : 'no Sent At', file });
      continue;
    }
    if (!(from.name || from.url) || !(to.name || to.url)) {
      rejected.push({ line: r.line, reason: 'an invitation needs both From and To', file });
      continue;
    }
    const dir = cell(r, col.direction).toLowerCase();
    rows.push({
      line: r.line,
      from,
      to,
      at,
      direction: dir === 'incoming' ? 'incoming' : dir === 'outgoing' ? 'outgoing' : null,
    });
  }
  return { kind: 'linkedin-invitations', rows, rejected };
}
