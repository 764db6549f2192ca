/**
 * LinkedIn's messages.csv. Two layouts:
 *   2018:  From,To,Date,Subject,Content,Direction,Folder  (`1/8/18, 6:14 PM`)
 *   2021+: CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,
 *          SUBJECT,CONTENT,FOLDER, later RECIPIENT PROFILE URLS, IS MESSAGE
 *          DRAFT, IS CONVERSATION DRAFT, ATTACHMENTS (`2024-06-08 08:02:41 UTC`)
 * 2026 exports quote every field and keep real newlines in CONTENT.
 *
 * Message text is private: SUBJECT, CONTENT and ATTACHMENTS are never read
 * into a row. Drafts, sponsored conversations and "LinkedIn Member" senders
 * are skipped and counted.
 */
import { normalizeLinkedInUrl } from '../../../shared/index.js';
import { type CsvRecord, type TextInput, type TextSource, cell, columnIndex, rowsAfter } from '../csv-reader.js';
import type { MessageRow, MessagesParse, Party, Rejection } from '../import.types.js';
import { parseInstant } from '../linkedin-dates.js';
import { isMessagesHeader, openCsv } from './parser-kit.js';

const TRUE = /^(yes|true|1)$/i;
const LINKEDIN_MEMBER = /^linkedin member$/i;
/** Sponsored InMail comes from a company or showcase page, in a "Sponsored" folder or conversation. */
const NOT_A_MEMBER_URL = /linkedin\.com\/(company|showcase|school)\//i;

export async function parseMessages(input: TextInput | TextSource, { file = 'messages.csv' }: { file?: string } = {}): Promise<MessagesParse> {
  const { source, header } = await openCsv(input, file, isMessagesHeader, 'FROM, DATE and CONVERSATION ID (or From, To, Date, Direction)');
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
  const skipped = { drafts: 0, sponsored: 0, linkedinMemberSenders: 0 };

  const recipients = (r: CsvRecord): Party[] => {
    const toText = cell(r, col.to);
    const urls = cell(r, col.recipientUrls).split(/[\s,]+/).filter((u) => u && normalizeLinkedInUrl(u));
    if (urls.length === 0) {
      return toText && !LINKEDIN_MEMBER.test(toText) ? [{ name: toText, url: null }] : [];
    }
    const names = toText.split(',').map((n) => n.trim());
    if (urls.length === 1) return [{ name: toText, url: urls[0]! }];
    return urls.map((url, i) => ({ name: names.length === urls.length ? names[i]! : '', url }));
  };

  for await (const r of rowsAfter(source, header, file)) {
    const folder = cell(r, col.folder);
    if (TRUE.test(cell(r, col.messageDraft)) || TRUE.test(cell(r, col.conversationDraft)) || /^drafts?$/i.test(folder)) {
      skipped.drafts++;
      continue;
    }
    const fromName = cell(r, col.from);
    const senderUrl = cell(r, col.senderUrl);
    if (/sponsored/i.test(folder) || /^sponsored/i.test(cell(r, col.title)) || NOT_A_MEMBER_URL.test(senderUrl)) {
      skipped.sponsored++;
      continue;
    }
    if (LINKEDIN_MEMBER.test(fromName)) {
      skipped.linkedinMemberSenders++;
      continue;
    }
    const rawDate = cell(r, col.date);
    const at = parseInstant(rawDate);
    if (!at) {
      rejected.push({ line: r.line, reason: rawDate ? `DATE "${rawDate}" is not a date` : 'no DATE', file });
      continue;
    }
    const url = senderUrl && normalizeLinkedInUrl(senderUrl) ? senderUrl : null;
    if (!fromName && !url) {
      rejected.push({ line: r.line, reason: 'no sender (FROM is empty)', file });
      continue;
    }
    const dir = cell(r, col.direction).toLowerCase();
    rows.push({
      line: r.line,
      conversationId: cell(r, col.conversation) || null,
      from: { name: fromName, url },
      to: recipients(r),
      at,
      direction: dir === 'incoming' ? 'incoming' : dir === 'outgoing' ? 'outgoing' : null,
    });
  }
  return { kind: 'linkedin-messages', format, rows, skipped, rejected };
}
