/**
 * Accounts: first-run setup, login and logout, sessions, personal API tokens,
 * and who may do what in which workspace. Nothing of HTTP here.
 */
import type { SessionInfo, User } from '../../shared/index.js';
import { AppError } from '../core/app-error.js';
import type { Store } from '../store/store.port.js';
import { decoyHash, hashPassword, newSecret, sameSecret, sha256, verifyPassword } from './secrets.js';

export const SESSION_DAYS = 14;
export const TOKEN_PREFIX = 'nrt_';

export interface Caller {
  userId: string;
  via: 'session' | 'token';
  csrfToken: string | null;
}

export class AuthService {
  /** One-time setup secret for a fresh install; null once a user exists. */
  private setupToken: string | null = null;

  constructor(
    private readonly store: Store,
    private readonly defaultWorkspaceId: string,
  ) {}

  /** On a fresh install: returns the one-time setup token to print, or null when users exist. */
  async prepareSetup(): Promise<string | null> {
    if ((await this.store.accounts.countUsers()) > 0) {
      this.setupToken = null;
      return null;
    }
    this.setupToken ??= newSecret();
    return this.setupToken;
  }

  /** Creates a user; the first one owns the default workspace, later ones get a workspace of their own. */
  async createUser(input: {
    email: string;
    name: string;
    password: string;
    workspaceId?: string;
    role?: 'owner' | 'member' | 'viewer';
  }): Promise<User> {
    if (input.password.length < 10) throw AppError.invalid('password', 'must be at least 10 characters');
    const first = (await this.store.accounts.countUsers()) === 0;
    const user = await this.store.accounts.createUser({
      email: input.email,
      name: input.name,
      passwordHash: await hashPassword(input.password),
    });
    let ws = input.workspaceId;
    if (!ws) {
      ws = first ? this.defaultWorkspaceId : (await this.store.createWorkspace({ name: `${input.name}'s network` })).id;
    }
    if (!(await this.store.getWorkspace(ws))) throw AppError.notFound('workspace', ws);
    await this.store.accounts.putMembership(ws, user.id, input.role ?? 'owner');
    if (first) this.setupToken = null;
    return user;
  }

  async completeSetup(input: { token: string; email: string; name: string; password: string }): Promise<User> {
    const expected = await this.prepareSetup();
    if (!expected || !sameSecret(expected, input.token)) {
      throw new AppError(
        'FORBIDDEN',
        'This setup link is not valid (already used, or from another start of the server)',
      );
    }
    return this.createUser(input);
  }

  /** Checks a password; the same time is spent whether or not the account exists. */
  async login(email: string, password: string): Promise<{ user: User; sessionToken: string; csrfToken: string }> {
    const found = await this.store.accounts.findUserByEmail(email);
    const ok = await verifyPassword(found?.passwordHash ?? (await decoyHash()), password);
    if (!found || !ok) throw new AppError('UNAUTHENTICATED', 'Wrong email or password');
    const sessionToken = newSecret();
    const csrfToken = newSecret();
    const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000).toISOString();
    await this.store.accounts.createSession({
      tokenHash: sha256(sessionToken),
      userId: found.user.id,
      csrfToken,
      expiresAt,
    });
    return { user: found.user, sessionToken, csrfToken };
  }

  async logout(sessionToken: string): Promise<void> {
    await this.store.accounts.deleteSession(sha256(sessionToken));
  }

  /**
   * A script calling in a loop presents the same token each time: who holds it is
   * remembered for a few seconds (revoking clears it at once).
   */
  private readonly recentTokens = new Map<string, { userId: string; until: number }>();

  forgetTokens(): void {
    this.recentTokens.clear();
  }

  /** Who holds this cookie or bearer token, if anyone. */
  async identify(credentials: { sessionToken?: string; bearer?: string }): Promise<Caller | null> {
    if (credentials.bearer) {
      const hash = sha256(credentials.bearer);
      const recent = this.recentTokens.get(hash);
      if (recent && recent.until > Date.now()) return { userId: recent.userId, via: 'token', csrfToken: null };
      const t = await this.store.accounts.useApiToken(hash);
      if (!t) throw new AppError('UNAUTHENTICATED', 'This API token is not valid or was revoked');
      if (this.recentTokens.size > 10_000) this.recentTokens.clear();
      this.recentTokens.set(hash, { userId: t.userId, until: Date.now() + 5_000 });
      return { userId: t.userId, via: 'token', csrfToken: null };
    }
    if (credentials.sessionToken) {
      const s = await this.store.accounts.getSession(sha256(credentials.sessionToken));
      if (s) return { userId: s.userId, via: 'session', csrfToken: s.csrfToken };
    }
    return null;
  }

  async sessionInfo(caller: Caller): Promise<SessionInfo> {
    const user = await this.store.accounts.getUser(caller.userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'This account no longer exists');
    const memberships = await this.store.accounts.listMembershipsOfUser(user.id);
    const workspaces = [];
    for (const m of memberships) {
      const workspace = await this.store.getWorkspace(m.workspaceId);
      if (workspace) workspaces.push({ workspace, role: m.role });
    }
    return { user, workspaces, csrfToken: caller.csrfToken, via: caller.via };
  }

  async createApiToken(userId: string, name: string) {
    const token = newSecret(TOKEN_PREFIX);
    const apiToken = await this.store.accounts.createApiToken({
      userId,
      name,
      prefix: token.slice(0, TOKEN_PREFIX.length + 6),
      tokenHash: sha256(token),
    });
    return { token, apiToken };
  }
}
