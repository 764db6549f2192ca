/**
 * `nurture duplicates`: the people who may be one human, with the evidence;
 * `nurture duplicates merge <keepId> <mergeId>` keeps the first and moves the
 * second's records onto them; `nurture duplicates undo <mergeId>`;
 * `nurture duplicates dismiss <aId> <bId>` ("not the same"). `--json` prints
 * the API's answer. Merges are audited like the API's (no user: the CLI).
 */
import type { Command } from 'commander';
import type { DuplicateList, MergeRecord } from '../../shared/index.js';
import { ChangeFeed } from '../core/change-feed.js';
import type { Store } from '../store/store.port.js';
import { duplicatesService } from './duplicates.service.js';

export interface DuplicatesCommandDeps {
  openStore(): Promise<Store>;
  workspaceId(): Promise<string>;
  out?: (text: string) => void;
}

const EVIDENCE: Record<string, string> = {
  sameEmail: 'same email',
  urlVariant: 'same profile URL, another form',
  sameNameAndCompany: 'same name and company',
  sameName: 'same name, nothing telling them apart',
  similarName: 'similar names at one company',
};

export function listText(list: DuplicateList): string {
  if (list.items.length === 0) return 'No likely duplicates.\n';
  const who = (p: DuplicateList['items'][number]['a'], n: number) =>
    `${p.name}${p.company ? `, ${p.company}` : ''}${p.linkedinUrl ? ` <${p.linkedinUrl}>` : ''}${p.emails.length ? ` ${p.emails.join(', ')}` : ''} (${n} records) ${p.id}`;
  const lines = [`${list.total} possible duplicate${list.total === 1 ? '' : 's'}:`, ''];
  for (const d of list.items) {
    lines.push(`  ${d.evidence.map((e) => EVIDENCE[e] ?? e).join('; ')}`);
    lines.push(`    ${who(d.a, d.records.a)}`, `    ${who(d.b, d.records.b)}`, '');
  }
  lines.push('Merge with: nurture duplicates merge <keep id> <merge id>   (or: dismiss <id> <id>)');
  return `${lines.join('\n')}\n`;
}

const mergeText = (m: MergeRecord) =>
  `${m.undoneAt ? 'Undone' : 'Merged'}: ${m.mergedName} (${m.mergedId}) ${m.undoneAt ? 'is back beside' : 'into'} ${m.keepId}; moved ${
    Object.entries(m.moved)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ') || 'nothing'
  }. Merge id ${m.id}.\n`;

export function registerDuplicatesCommand(program: Command, deps: DuplicatesCommandDeps): Command {
  const print = deps.out ?? ((s: string) => void process.stdout.write(s));
  // A CLI process keeps no analysis cache to tell (as with `nurture import`).
  const service = async () => duplicatesService(await deps.openStore(), new ChangeFeed());
  const cmd = program
    .command('duplicates')
    .description('People who may be one human, with the evidence; merge, undo or dismiss them')
    .option('--json', 'print the list as JSON')
    .option('--limit <n>', 'how many pairs to show', '50')
    .action(async (opts: { json?: boolean; limit: string }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new Error('--limit must be 1 to 500');
      const list = await (await service()).list(await deps.workspaceId(), limit);
      print(opts.json ? `${JSON.stringify(list)}\n` : listText(list));
    });
  cmd
    .command('merge <keepId> <mergeId>')
    .description("Keep the first person; the second's records, emails, tags and notes move onto them")
    .option('--json', 'print the merge as JSON')
    .action(async (keepId: string, mergeId: string, opts: { json?: boolean }) => {
      const m = await (await service()).merge(await deps.workspaceId(), keepId, mergeId, null);
      print(opts.json || cmd.opts().json ? `${JSON.stringify(m)}\n` : mergeText(m));
    });
  cmd
    .command('undo <mergeId>')
    .description('Undo a merge: both people and every record it moved as they were')
    .option('--json', 'print the merge as JSON')
    .action(async (mergeId: string, opts: { json?: boolean }) => {
      const m = await (await service()).undo(await deps.workspaceId(), mergeId, null);
      // `--json` after the subcommand may be read as the parent's option.
      print(opts.json || cmd.opts().json ? `${JSON.stringify(m)}\n` : mergeText(m));
    });
  cmd
    .command('dismiss <aId> <bId>')
    .description('The two are not the same: never list them again')
    .action(async (aId: string, bId: string) => {
      await (await service()).dismiss(await deps.workspaceId(), aId, bId, null);
      print('Noted: not the same.\n');
    });
  return cmd;
}
