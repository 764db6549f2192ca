import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { SqliteStore } from '../../../server/store/sqlite/sqlite-store.js';
import { cliSandbox } from '../../fixtures/cli.js';

describe('npx nurture', () => {
  const cli = cliSandbox('nurture-cli-');
  const run = cli.run;

  it('refuses a bad email or role with a message naming the option', async () => {
    expect(await run('user', 'create', '--email', 'not-an-email', '--name', 'X')).toBe(1);
    expect(cli.err.join('\n')).toMatch(/--email/);
    expect(await run('user', 'create', '--email', 'a@example.com', '--name', 'X', '--role', 'king')).toBe(1);
    expect(cli.err.join('\n')).toMatch(/--role/);
  });

  it('creates the first account as owner of the default workspace, with a generated password shown once', async () => {
    expect(await run('user', 'create', '--email', 'Owner@Example.com', '--name', 'Owner')).toBe(0);
    expect(cli.out.join('\n')).toMatch(/Password \(shown once\): \S{20}/);
    const store = new SqliteStore({ dataDir: cli.dir });
    await store.init();
    const found = await store.accounts.findUserByEmail('owner@example.com');
    expect(found!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await store.accounts.listMembershipsOfUser(found!.user.id)).toMatchObject([
      { workspaceId: 'default', role: 'owner' },
    ]);
    await store.close();
    expect(await run('user', 'create', '--email', 'owner@example.com', '--name', 'Again')).toBe(1);
    expect(cli.err.join('\n')).toMatch(/already exists/);
  });

  it('analyzes: asks for "me" first, then prints the ranking, and with --json every score with its breakdown', async () => {
    expect(await run('analyze')).toBe(1);
    expect(cli.err.join('\n')).toMatch(/record yourself/);
    expect(await run('demo')).toBe(0);
    cli.out.length = 0;
    // The large path needs Neo4j with Nurture's procedures: on SQLite it says so, and nothing else runs.
    expect(await run('analyze', '--large')).toBe(1);
    expect(cli.err.join('\n')).toMatch(/needs Neo4j with Nurture's procedures/);
    cli.out.length = 0;
    expect(await run('analyze', '--top', '5')).toBe(0);
    const text = cli.out.join('\n');
    expect(text).not.toMatch(/large workspace/);
    expect(text).toMatch(/Top referral partners/);
    expect(text).toMatch(/Recommendations \(\d+\)/);
    expect(text).toMatch(/Mistakes \(\d+\)/);
    cli.out.length = 0;
    // Streamed to stdout in chunks (one string could pass V8's limit for a large network).
    const chunks: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    }) as typeof process.stdout.write);
    expect(await run('analyze', '--json')).toBe(0);
    stdout.mockRestore();
    expect(cli.out).toHaveLength(0);
    expect(chunks.join('').endsWith('}\n')).toBe(true);
    const json = JSON.parse(chunks.join('')) as {
      people: {
        name: string;
        strengthToMe: { score: number; stage: string; factors: object };
        partner: { score: number };
      }[];
    };
    expect(json.people).toHaveLength(300);
    for (const p of json.people) {
      expect(p.name).toEqual(expect.any(String));
      expect(p.strengthToMe.score).toBeGreaterThanOrEqual(0);
      expect(p.strengthToMe.factors).toHaveProperty('recency');
      expect(p.partner.score).toBeLessThanOrEqual(100);
    }
  });

  it('exports the network: a bad --format named, then GEXF and GraphML files with every person', async () => {
    expect(await run('export', '--format', 'dot', '--out', join(cli.dir, 'x.dot'))).toBe(1);
    expect(cli.err.join('\n')).toMatch(/--format: expected gexf, graphml, neo4j-csv or vcard \(got "dot"\)/);
    // commander names the missing option on stderr itself; the exit code says it failed.
    expect(await run('export', '--format', 'gexf')).toBe(1);
    expect(await run('demo')).toBe(0);
    cli.out.length = 0;
    const gexfFile = join(cli.dir, 'network.gexf');
    expect(await run('export', '--format', 'gexf', '--out', gexfFile)).toBe(0);
    expect(cli.out.join('\n')).toMatch(/Exported 301 people and \d+ ties as gexf/);
    const gexf = readFileSync(gexfFile, 'utf8');
    expect(gexf.match(/<node /g)).toHaveLength(301);
    expect(statSync(gexfFile).mode & 0o777).toBe(0o600);
    expect(
      await run('export', '--format', 'graphml', '--out', join(cli.dir, 'network.graphml'), '--min-strength', '50'),
    ).toBe(0);
    const graphml = readFileSync(join(cli.dir, 'network.graphml'), 'utf8');
    expect(graphml.match(/<node /g)).toHaveLength(301);
    expect(graphml.match(/<edge /g)!.length).toBeLessThan(gexf.match(/<edge /g)!.length);
    cli.out.length = 0;
    expect(await run('export', '--format', 'vcard', '--out', join(cli.dir, 'contacts.vcf'))).toBe(0);
    expect(cli.out.join('\n')).toMatch(/Exported 301 people as vCard 4.0/);
    const vcf = readFileSync(join(cli.dir, 'contacts.vcf'), 'utf8');
    expect(vcf.match(/^BEGIN:VCARD\r$/gm)).toHaveLength(301);
    expect(vcf.match(/^END:VCARD\r$/gm)).toHaveLength(301);
  });

  it('loads the demo network once, and refuses to load it over existing data', async () => {
    expect(await run('demo')).toBe(0);
    expect(cli.out.join('\n')).toMatch(/Loaded the demo network .*301 people/);
    expect(await run('demo')).toBe(1);
    expect(cli.err.join('\n')).toMatch(/already holds 301 people/);
  });
});
