/**
 * `nurture duplicates` (list, merge, undo, dismiss) on a real SQLite store; and the duplicate
 * finder's evidence on literal people.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { findDuplicates } from '../../../server/domain/person-merge.js';
import { registerDuplicatesCommand } from '../../../server/identity/duplicates.cli.js';
import { sqliteStoreFixture } from '../../fixtures/sqlite-store.js';

const fixture = sqliteStoreFixture('nurture-duplicates-cli-');

async function cli(ws: string, ...args: string[]): Promise<string> {
  let out = '';
  const program = new Command().exitOverride();
  registerDuplicatesCommand(program, {
    openStore: async () => fixture.store,
    workspaceId: async () => ws,
    out: (t) => void (out += t),
  });
  await program.parseAsync(['node', 'nurture', 'duplicates', ...args]);
  return out;
}

const person = (id: string, name: string, extra: Partial<Parameters<typeof findDuplicates>[0][number]> = {}) => ({
  id,
  name,
  company: null,
  linkedinUrl: null,
  emails: [],
  connectedOn: null,
  isMe: false,
  ...extra,
});

describe('the duplicate finder', () => {
  it('finds pairs by email, URL variant, name and company, name alone, similar names; never the owner', () => {
    const pairs = findDuplicates([
      person('1', 'Ann Lee', { emails: ['ann@x.io'], linkedinUrl: 'linkedin.com/in/ann-lee' }),
      person('2', 'A. Lee', { emails: ['ANN@x.io'] }),
      person('3', 'Ann Lee', { linkedinUrl: 'https://www.linkedin.com/in/ann-lee-4a1b2c3' }),
      person('4', 'Bob Stone', { company: 'Beta' }),
      person('5', 'bob stone', { company: 'BETA' }),
      person('6', 'Bobby Stone', { company: 'Beta' }),
      person('7', 'Me', { isMe: true, emails: ['ann@x.io'] }),
      person('8', 'Cara Diaz', { linkedinUrl: 'linkedin.com/in/cara-1' }),
      person('9', 'Cara Diaz', { linkedinUrl: 'linkedin.com/in/other-cara' }),
    ]);
    const of = (a: string, b: string) => pairs.find((p) => p.a === a && p.b === b)?.evidence;
    expect(of('1', '2')).toEqual(['sameEmail']);
    expect(of('1', '3')).toEqual(['urlVariant', 'sameName']);
    expect(of('4', '5')).toEqual(['sameNameAndCompany']);
    expect(of('4', '6')).toEqual(['similarName']);
    // Two profile URLs that are not variants of one are two people.
    expect(of('8', '9')).toBeUndefined();
    expect(pairs.some((p) => p.a === '7' || p.b === '7')).toBe(false);
    expect(
      findDuplicates(
        [person('1', 'X', { emails: ['x@x.io'] }), person('2', 'Y', { emails: ['x@x.io'] })],
        new Set(['1|2']),
      ),
    ).toEqual([]);
  });
});

describe('nurture duplicates', () => {
  it('lists with the evidence, merges, undoes and dismisses', async () => {
    const s = fixture.store;
    const ws = (await s.createWorkspace({ name: 'cli' })).id;
    const a = await s.people.create(ws, { name: 'Ann Lee', company: 'Acme' });
    const b = await s.people.create(ws, { name: 'ann lee', company: 'ACME', emails: ['ann@acme.io'] });
    const list = await cli(ws);
    expect(list).toContain('1 possible duplicate:');
    expect(list).toContain('same name and company');
    expect(list).toContain(a.id);
    expect(JSON.parse(await cli(ws, '--json'))).toMatchObject({ total: 1 });
    const merged = JSON.parse(await cli(ws, 'merge', a.id, b.id, '--json'));
    expect(merged).toMatchObject({ keepId: a.id, mergedId: b.id, moved: { emails: 1 } });
    expect(await cli(ws)).toBe('No likely duplicates.\n');
    expect(await cli(ws, 'undo', merged.id)).toContain(`Undone: ann lee (${b.id}) is back beside ${a.id}`);
    expect(await cli(ws, 'dismiss', a.id, b.id)).toBe('Noted: not the same.\n');
    expect(await cli(ws)).toBe('No likely duplicates.\n');
    await expect(cli(ws, '--limit', '0')).rejects.toThrow('--limit must be 1 to 500');
  });
});
