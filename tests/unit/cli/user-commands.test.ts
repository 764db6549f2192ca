import { describe, expect, it, vi } from 'vitest';
import { AuthService } from '../../../server/accounts/auth.service.js';
import { SqliteStore } from '../../../server/store/sqlite/sqlite-store.js';
import { cliSandbox } from '../../fixtures/cli.js';

describe('npx nurture user', () => {
  const cli = cliSandbox('nurture-cli-user-');
  const run = cli.run;
  async function withStore<T>(use: (store: SqliteStore, auth: AuthService) => Promise<T>): Promise<T> {
    const store = new SqliteStore({ dataDir: cli.dir });
    await store.init();
    try {
      return await use(store, new AuthService(store, 'default'));
    } finally {
      await store.close();
    }
  }

  it('refuses a guessable password as the API does', async () => {
    vi.spyOn(process.stdin, Symbol.asyncIterator).mockImplementation(async function* () {
      yield Buffer.from('aaaaaaaaaa\n');
    } as never);
    expect(await run('user', 'create', '--email', 'a@example.com', '--name', 'A', '--password-stdin')).toBe(1);
    expect(cli.err.join('\n')).toMatch(/password: must be|too easy to guess/);
  });

  it('resets a password: the old one stops working, sessions and tokens end', async () => {
    expect(await run('user', 'create', '--email', 'owner@example.com', '--name', 'Owner')).toBe(0);
    const old = /Password \(shown once\): (\S+)/.exec(cli.out.join('\n'))![1]!;
    const token = await withStore(async (store, auth) => {
      const u = (await store.accounts.findUserByEmail('owner@example.com'))!.user;
      await auth.login('owner@example.com', old);
      return (await auth.createApiToken(u.id, 'script')).token;
    });
    cli.out.length = 0;
    expect(await run('user', 'reset-password', '--email', 'Owner@Example.com')).toBe(0);
    const fresh = /Password \(shown once\): (\S+)/.exec(cli.out.join('\n'))![1]!;
    expect(fresh).not.toBe(old);
    await withStore(async (_store, auth) => {
      await expect(auth.login('owner@example.com', old)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      await expect(auth.identify({ bearer: token })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      expect((await auth.login('owner@example.com', fresh)).user.email).toBe('owner@example.com');
    });
    expect(await run('user', 'reset-password', '--email', 'nobody@example.com')).toBe(1);
    expect(cli.err.join('\n')).toMatch(/No account/);
  });

  it('disables and enables an account, and deletes one', async () => {
    expect(await run('user', 'create', '--email', 'd@example.com', '--name', 'D')).toBe(0);
    const password = /Password \(shown once\): (\S+)/.exec(cli.out.join('\n'))![1]!;
    expect(await run('user', 'disable', '--email', 'd@example.com')).toBe(0);
    await withStore(async (_s, auth) => {
      await expect(auth.login('d@example.com', password)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    });
    expect(await run('user', 'enable', '--email', 'd@example.com')).toBe(0);
    await withStore(async (_s, auth) => {
      expect((await auth.login('d@example.com', password)).user.email).toBe('d@example.com');
    });
    expect(await run('user', 'delete', '--email', 'd@example.com')).toBe(0);
    await withStore(async (store) => {
      expect(await store.accounts.findUserByEmail('d@example.com')).toBeNull();
    });
  });
});
