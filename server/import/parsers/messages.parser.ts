/**
 * LinkedIn's messages.csv. Two layouts:
 *   2018:  From,To,Date,Subject,Content,Direction,Folder  (`1/8/18, 6:14 PM`)
 *   2021+: CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,
 *          SUBJECT,CONTENT,FOLDER, later RECIPIENT PROFILE URLS, IS MESSAGE
 *          DRAFT, IS CONVERSATION DRAFT, ATTACHMENTS (`2024-06-08 08:02:41 UTC`)
 * 2026 exports quote every field and keep real newlines in CONTENT.
 *
 * Message text is private: SUBJECT, CONTENT and ATTACHMENTS are never read
 * into a row. Drafts, sponsored conversations, "LinkedIn Member" senders and
 * system rows without a sender are skipped and counted.
 */
import { type CsvRecord, type TextInput, type TextSource, cell, columnIndex, rowBatchesAfter } from '../csv-reader.js';
import type { MessageRow, MessagesParse, Party, Rejection } from '../import.types.js';
import { parseInstant } from '../linkedin-dates.js';
import { normalizeLinkedInUrl } from '../../../shared/index.js';
import { splitNames } from '../recipient-names.js';
import { detached, isMessagesHeader, openCsv } from './parser-kit.js';

const TRUE = /^(yes|true|1)$/i;
const SEPARATOR = /[\s,]/;
const LINKEDIN_MEMBER = /^linkedin member$/i;
/** Sponsored InMail comes from a company or showcase page, in a "Sponsored" folder or conversation. */
const NOT_A_MEMBER_URL = /linkedin\.com\/(company|showcase|school)\//i;

export async function parseMessages(
  input: TextInput | TextSource,
  { file = 'messages.csv' }: { file?: string } = {},
): Promise<MessagesParse> {
  const { source, header } = await openCsv(
    input,
    file,
    isMessagesHeader,
    'FROM, DATE and CONVERSATION ID (or From, To, Date, Direction)',
  );
  const format = header.keys.includes('conversationid') ? '2021' : '2018';
  const col = {
    conversation: columnIndex(header, 'conversationid'),
    title: columnIndex(header, 'conversationtitle'),
    from: columnIndex(header, 'from'),
    senderUrl: columnIndex(header, 'senderprofileurl'),
    to: columnIndex(header, 'to'),
    recipientUrls: columnIndex(header, 'recipientprofileurls', 'recipientprofileurl'),
    date: columnIndex(header, 'date'),
    folder: columnIndex(header, 'folder'),
    direction: columnIndex(header, 'direction'),
    messageDraft: columnIndex(header, 'ismessagedraft'),
    conversationDraft: columnIndex(header, 'isconversationdraft'),
  };
  const rows: MessageRow[] = [];
  const rejected: Rejection[] = [];
  const skipped = { drafts: 0, sponsored: 0, linkedinMemberSenders: 0, noSender: 0 };
  // The same people recur on every row: one shared object per profile (and one list for a lone
  // recipient) keeps 100,000 messages small, and a URL is looked up once per row. Kept strings are
  // copies: a cell shares the characters of the whole chunk it was cut from (see `detached`).
  interface Known {
    /** A member's profile URL (linkedin.com/in/…), not a company page or a URN. */
    profile: boolean;
    party: Party | null;
    alone: Party[] | null;
  }
  const byUrl = new Map<string, Known>();
  const byName = new Map<string, Known>();
  const urlInfo = (url: string): Known => {
    let k = byUrl.get(url);
    if (!k) {
      const own = detached(url);
      byUrl.set(own, (k = { profile: normalizeLinkedInUrl(own) !== null, party: null, alone: null }));
    }
    return k;
  };
  /** The party of a name and a profile URL (null: known by name only), as one shared object where it can be. */
  const party = (name: string, url: string | null, k: Known | null): Party => {
    if (!k) {
      k = byName.get(name) ?? null;
      if (!k) byName.set((name = detached(name)), (k = { profile: false, party: null, alone: null }));
    }
    if (k.party && k.party.name === name) return k.party;
    const p = { name: detached(name), url: url === null ? null : detached(url) };
    k.party ??= p;
    return p;
  };
  const only = (name: string, url: string | null, k: Known | null): Party[] => {
    const p = party(name, url, k);
    k ??= byName.get(name)!;
    return p === k.party ? (k.alone ??= [p]) : [p];
  };
  const NOBODY: Party[] = [];
  const conversations = new Map<string, string>();
  const conversation = (id: string): string | null => {
    if (!id) return null;
    if (id.length < 13) return id; // a copy already (see `detached`)
    let own = conversations.get(id);
    if (own === undefined) conversations.set((own = detached(id)), own);
    return own;
  };
  const isTrue = (v: string) => v !== '' && v.length <= 4 && TRUE.test(v);
  const isLinkedInMember = (name: string) => name.length === 15 && LINKEDIN_MEMBER.test(name);

  const nameOnly = (toText: string): Party[] =>
    toText && !isLinkedInMember(toText) ? only(toText, null, null) : NOBODY;
  const recipients = (r: CsvRecord): Party[] => {
    const toText = cell(r, col.to);
    const urlText = cell(r, col.recipientUrls);
    if (!SEPARATOR.test(urlText)) {
      const k = urlText ? urlInfo(urlText) : null;
      return k?.profile ? only(toText, urlText, k) : nameOnly(toText);
    }
    const urls = urlText.split(/[\s,]+/).filter((u) => u && urlInfo(u).profile);
    if (urls.length === 0) return nameOnly(toText);
    if (urls.length === 1) return only(toText, urls[0]!, urlInfo(urls[0]!));
    const names = splitNames(toText);
    return urls.map((url, i) => party(names.length === urls.length ? names[i]! : '', url, urlInfo(url)));
  };

  for await (const batch of rowBatchesAfter(source, header, file))
    for (const r of batch) {
      const folder = cell(r, col.folder);
      const usualFolder = folder === 'INBOX' || folder === 'SENT' || folder === '';
      if (
        isTrue(cell(r, col.messageDraft)) ||
        isTrue(cell(r, col.conversationDraft)) ||
        (!usualFolder && /^drafts?$/i.test(folder))
      ) {
        skipped.drafts++;
        continue;
      }
      const fromName = cell(r, col.from);
      const senderUrl = cell(r, col.senderUrl);
      const title = cell(r, col.title);
      const senderInfo = senderUrl !== '' ? urlInfo(senderUrl) : null;
      const memberUrl = senderInfo?.profile;
      if (
        (!usualFolder && /sponsored/i.test(folder)) ||
        (title !== '' && /^sponsored/i.test(title)) ||
        (senderUrl !== '' && !memberUrl && NOT_A_MEMBER_URL.test(senderUrl))
      ) {
        skipped.sponsored++;
        continue;
      }
      if (isLinkedInMember(fromName)) {
        skipped.linkedinMemberSenders++;
        continue;
      }
      const url = memberUrl ? senderUrl : null;
      // System rows (LinkedIn's own notices) have no FROM, no sender URL and usually no TO: nobody wrote them.
      if (!fromName && !url) {
        skipped.noSender++;
        continue;
      }
      const rawDate = cell(r, col.date);
      const at = parseInstant(rawDate);
      if (!at) {
        rejected.push({ line: r.line, reason: rawDate ? `DATE "${rawDate}" is not a date` : 'no DATE', file });
        continue;
      }
      const dir = cell(r, col.direction).toLowerCase();
      rows.push({
        line: r.line,
        conversationId: conversation(cell(r, col.conversation)),
        from: party(fromName, url, url === null ? null : senderInfo),
        to: recipients(r),
        at,
        direction: dir === 'incoming' ? 'incoming' : dir === 'outgoing' ? 'outgoing' : null,
      });
    }
  return { kind: 'linkedin-messages', format, rows, skipped, rejected };
}
