/**
 * Accounts: first-run setup, sign-in and sign-out, sessions, personal API
 * tokens, passwords (change, reset, strength), invitations, and disabling or
 * deleting an account. Nothing of HTTP here.
 *
 * A user's own events (sign-ins, failed sign-ins, password and token
 * changes) go to their account log (`workspaceId` null, target `user:<id>`),
 * never to the log of a workspace they belong to.
 */
import type { Invitation, InvitationPreview, Membership, Role, SessionInfo, User } from '../../shared/index.js';
import { AppError } from '../core/app-error.js';
import type { Store } from '../store/store.port.js';
import { AccountMailer } from './account-mailer.js';
import { assertStrongPassword } from './password-strength.js';
import { decoyHash, hashPassword, newSecret, sameSecret, sha256, verifyPassword } from './secrets.js';
import { RecentMemberships } from './recent-memberships.js';
import { SignInBackoff } from './sign-in-backoff.js';

export const SESSION_DAYS = 14;
export const TOKEN_PREFIX = 'nrt_';
export const INVITATION_DAYS = 7;
export const RESET_MINUTES = 60;

export interface Caller {
  userId: string;
  via: 'session' | 'token';
  csrfToken: string | null;
}

export interface AuthOptions {
  /** Sends invitations and reset links; without SMTP, invitation links are handed back instead. */
  mailer?: AccountMailer;
  /** The address users reach the app at, for the links in emails (never taken from a request's Host). */
  publicUrl?: string;
  now?: () => number;
}

export class AuthService {
  /** One-time setup secret for a fresh install; null once a user exists or it was used. */
  private setupToken: string | null = null;
  readonly backoff: SignInBackoff;
  private readonly mailer: AccountMailer;
  private readonly publicUrl: string;
  private readonly now: () => number;

  constructor(
    private readonly store: Store,
    private readonly defaultWorkspaceId: string,
    options: AuthOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.backoff = new SignInBackoff(this.now);
    this.mailer = options.mailer ?? new AccountMailer({ smtpUrl: null, mailFrom: 'Nurture <nurture@localhost>' });
    this.publicUrl = (options.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, '');
  }

  private audit(userId: string, action: string, meta: Record<string, unknown> = {}, actor: string | null = userId) {
    return this.store.accounts.appendAudit({
      workspaceId: null,
      actorUserId: actor,
      action,
      target: `user:${userId}`,
      meta,
    });
  }

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
    role?: Role;
    /** No workspace at all (a user joining through an invitation). */
    noWorkspace?: boolean;
  }): Promise<User> {
    await assertStrongPassword(input.password, [input.email, input.name]);
    const first = (await this.store.accounts.countUsers()) === 0;
    const user = await this.store.accounts.createUser({
      email: input.email,
      name: input.name,
      passwordHash: await hashPassword(input.password),
    });
    if (first) this.setupToken = null;
    if (input.noWorkspace) return user;
    let ws = input.workspaceId;
    if (!ws) {
      ws = first ? this.defaultWorkspaceId : (await this.store.createWorkspace({ name: `${input.name}'s network` })).id;
    }
    if (!(await this.store.getWorkspace(ws))) throw AppError.notFound('workspace', ws);
    await this.store.accounts.putMembership(ws, user.id, input.role ?? 'owner');
    return user;
  }

  /**
   * The setup link works once: the token is taken before anything is awaited,
   * so of two requests at once only one gets past here (the other is refused
   * as if the link were used); a failed creation puts it back.
   */
  async completeSetup(input: { token: string; email: string; name: string; password: string }): Promise<User> {
    const expected = this.setupToken;
    if (!expected || !sameSecret(expected, input.token)) {
      throw new AppError(
        'FORBIDDEN',
        'This setup link is not valid (already used, or from another start of the server)',
      );
    }
    this.setupToken = null;
    try {
      if ((await this.store.accounts.countUsers()) > 0)
        throw new AppError('FORBIDDEN', 'This setup link is not valid (an account exists already)');
      const user = await this.createUser(input);
      await this.audit(user.id, 'setup');
      return user;
    } catch (e) {
      if ((await this.store.accounts.countUsers().catch(() => 1)) === 0) this.setupToken = expected;
      throw e;
    }
  }

  /**
   * Checks a password; the same time is spent whether or not the account
   * exists. After repeated failures for one email, answers RATE_LIMITED
   * without checking (see SignInBackoff). Audited in the account's own log.
   */
  async login(
    email: string,
    password: string,
    ip: string | null = null,
  ): Promise<{ user: User; sessionToken: string; csrfToken: string }> {
    const wait = this.backoff.wait(email);
    if (wait > 0) {
      throw new AppError(
        'RATE_LIMITED',
        `Too many failed sign-ins for this email; try again in ${Math.ceil(wait / 1000)} s`,
        { retryAfter: Math.ceil(wait / 1000) },
      );
    }
    const found = await this.store.accounts.findUserByEmail(email);
    const ok = await verifyPassword(found?.passwordHash ?? (await decoyHash()), password);
    if (!found || !ok || found.disabled) {
      this.backoff.failed(email);
      if (found) await this.audit(found.user.id, 'login.failed', { ip, ...(ok ? { disabled: true } : {}) }, null);
      throw new AppError('UNAUTHENTICATED', 'Wrong email or password');
    }
    this.backoff.succeeded(email);
    const session = await this.startSession(found.user.id);
    await this.audit(found.user.id, 'login', { ip });
    return { user: found.user, ...session };
  }

  private async startSession(userId: string): Promise<{ sessionToken: string; csrfToken: string }> {
    const sessionToken = newSecret();
    const csrfToken = newSecret();
    const expiresAt = new Date(this.now() + SESSION_DAYS * 86_400_000).toISOString();
    await this.store.accounts.createSession({ tokenHash: sha256(sessionToken), userId, csrfToken, expiresAt });
    return { sessionToken, csrfToken };
  }

  async logout(sessionToken: string): Promise<void> {
    await this.store.accounts.deleteSession(sha256(sessionToken));
  }

  /** Ends every session of the user (this one too). */
  async signOutEverywhere(userId: string): Promise<void> {
    await this.store.accounts.deleteSessionsOfUser(userId);
    await this.audit(userId, 'logout.everywhere');
  }

  /** Ends every session and API token of a user (removed from a workspace, disabled, reset). */
  async endAccess(userId: string): Promise<void> {
    await this.store.accounts.deleteSessionsOfUser(userId);
    await this.store.accounts.revokeApiTokensOfUser(userId);
    this.forgetTokens();
  }

  /**
   * A script calling in a loop presents the same token each time: who holds it is
   * remembered for a few seconds (revoking clears it at once).
   */
  private readonly recentTokens = new Map<string, { userId: string; until: number }>();

  /** Memberships looked up for reads, kept a moment (the authorisation's; see RecentMemberships). */
  readonly memberships = new RecentMemberships();

  forgetTokens(): void {
    this.recentTokens.clear();
    this.memberships.clear();
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
    await this.audit(userId, 'token.create', { tokenId: apiToken.id, name });
    return { token, apiToken };
  }

  async revokeApiToken(userId: string, id: string): Promise<void> {
    if (!(await this.store.accounts.revokeApiToken(userId, id))) throw AppError.notFound('API token', id);
    this.forgetTokens();
    await this.audit(userId, 'token.revoke', { tokenId: id });
  }

  // -- passwords ---------------------------------------------------------------

  /** Changes the password after checking the current one; every other session ends. */
  async changePassword(
    userId: string,
    input: { currentPassword: string; newPassword: string },
    keepSessionToken?: string,
  ): Promise<void> {
    const user = await this.store.accounts.getUser(userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'This account no longer exists');
    const found = await this.store.accounts.findUserByEmail(user.email);
    if (!found || !(await verifyPassword(found.passwordHash, input.currentPassword)))
      throw AppError.invalid('currentPassword', 'is not your current password');
    await this.setPassword(user, input.newPassword, 'newPassword');
    await this.store.accounts.deleteSessionsOfUser(userId, keepSessionToken ? sha256(keepSessionToken) : undefined);
    await this.audit(userId, 'password.change');
  }

  private async setPassword(user: User, password: string, path = 'password'): Promise<void> {
    await assertStrongPassword(password, [user.email, user.name], path);
    await this.store.accounts.setPasswordHash(user.id, await hashPassword(password));
  }

  /** The CLI's reset: a new password, every session and token of the account ended. */
  async resetPassword(email: string, password: string): Promise<User> {
    const found = await this.store.accounts.findUserByEmail(email);
    if (!found) throw new AppError('NOT_FOUND', `No account with the email ${email}`);
    await this.setPassword(found.user, password);
    await this.endAccess(found.user.id);
    this.backoff.succeeded(email);
    await this.audit(found.user.id, 'password.reset', { via: 'cli' }, null);
    return found.user;
  }

  /** Whether reset links can be emailed (SMTP configured). */
  get canEmail(): boolean {
    return this.mailer.enabled;
  }

  /**
   * Emails a one-time reset link when the email has an account (and SMTP is
   * configured); the caller answers the same either way.
   */
  async requestPasswordReset(email: string): Promise<void> {
    if (!this.mailer.enabled) return;
    const found = await this.store.accounts.findUserByEmail(email);
    if (!found || found.disabled) return;
    const token = newSecret();
    await this.store.accounts.createPasswordReset({
      userId: found.user.id,
      tokenHash: sha256(token),
      expiresAt: new Date(this.now() + RESET_MINUTES * 60_000).toISOString(),
    });
    await this.mailer.send({
      to: found.user.email,
      subject: 'Reset your Nurture password',
      text: [
        `Someone (we hope you) asked to reset the password of ${found.user.email} on Nurture.`,
        '',
        `Open this link within ${RESET_MINUTES} minutes to choose a new one (it works once):`,
        '',
        `    ${this.publicUrl}/reset-password#token=${token}`,
        '',
        'If it was not you, ignore this email: your password stays as it is.',
      ].join('\n'),
    });
    await this.audit(found.user.id, 'password.reset.requested', {}, null);
  }

  /** Sets a new password with an emailed reset secret; every session and token of the account ends. */
  async confirmPasswordReset(token: string, password: string): Promise<void> {
    // A guessable password is refused before the link is used up (the account's own words are checked after).
    await assertStrongPassword(password);
    const userId = await this.store.accounts.consumePasswordReset(sha256(token));
    const user = userId ? await this.store.accounts.getUser(userId) : null;
    if (!user)
      throw new AppError('FORBIDDEN', 'This reset link is not valid (used, expired or replaced by a newer one)');
    await this.setPassword(user, password);
    await this.endAccess(user.id);
    this.backoff.succeeded(user.email);
    await this.audit(user.id, 'password.reset', { via: 'email' }, null);
  }

  // -- disabling and deleting ----------------------------------------------------

  /** A disabled account cannot sign in; its sessions and tokens end. */
  async setDisabled(email: string, disabled: boolean): Promise<User> {
    const found = await this.store.accounts.findUserByEmail(email);
    if (!found) throw new AppError('NOT_FOUND', `No account with the email ${email}`);
    await this.store.accounts.setDisabled(found.user.id, disabled);
    if (disabled) await this.endAccess(found.user.id);
    await this.audit(found.user.id, disabled ? 'account.disable' : 'account.enable', {}, null);
    return found.user;
  }

  /**
   * Deletes the account. Workspaces it is the only member of go with it (no
   * one else could reach them); CONFLICT when it is the last owner of a
   * workspace others belong to.
   */
  async deleteAccount(userId: string): Promise<void> {
    const memberships = await this.store.accounts.listMembershipsOfUser(userId);
    const alone: string[] = [];
    for (const m of memberships) {
      const members = await this.store.accounts.listMembers(m.workspaceId);
      if (members.length === 1) alone.push(m.workspaceId);
      else if (m.role === 'owner' && !members.some((o) => o.userId !== userId && o.role === 'owner')) {
        const name = (await this.store.getWorkspace(m.workspaceId))?.name;
        throw new AppError(
          'CONFLICT',
          `You are the last owner of ${name ? `the workspace "${name}", which others belong to` : 'a workspace others belong to'}: make another member owner first`,
          { workspaceId: m.workspaceId },
        );
      }
    }
    if (!(await this.store.accounts.deleteUser(userId))) throw AppError.notFound('user', userId);
    for (const ws of alone) await this.store.deleteWorkspace(ws);
    this.forgetTokens();
    await this.audit(userId, 'account.delete');
  }

  async verifyOwnPassword(userId: string, password: string): Promise<void> {
    const user = await this.store.accounts.getUser(userId);
    const found = user ? await this.store.accounts.findUserByEmail(user.email) : null;
    if (!found || !(await verifyPassword(found.passwordHash, password)))
      throw AppError.invalid('password', 'is not your password');
  }

  // -- invitations ---------------------------------------------------------------

  /**
   * Invites an email to a workspace. The answer is the same whether or not the
   * email has an account. With SMTP the link is emailed to the invitee alone;
   * without (or if sending fails), it is returned to hand over.
   */
  async invite(
    ws: string,
    inviterId: string,
    input: { email: string; role: Role; personId?: string | null | undefined },
  ): Promise<{ invitation: Invitation; delivery: 'email' | 'link'; link: string | null }> {
    const token = newSecret();
    const invitation = await this.store.accounts.createInvitation({
      workspaceId: ws,
      email: input.email,
      role: input.role,
      personId: input.personId ?? null,
      invitedBy: inviterId,
      tokenHash: sha256(token),
      expiresAt: new Date(this.now() + INVITATION_DAYS * 86_400_000).toISOString(),
    });
    const link = `${this.publicUrl}/invite#token=${token}`;
    if (this.mailer.enabled) {
      const [workspace, inviter] = await Promise.all([
        this.store.getWorkspace(ws),
        this.store.accounts.getUser(inviterId),
      ]);
      try {
        await this.mailer.send({
          to: invitation.email,
          subject: `${oneLine(inviter?.name ?? 'Someone')} invited you to ${oneLine(workspace?.name ?? 'a workspace')} on Nurture`,
          text: [
            `${inviter?.name ?? 'Someone'} invited you to join the workspace "${workspace?.name ?? ws}" on Nurture as ${input.role}.`,
            '',
            `Open this link within ${INVITATION_DAYS} days to accept (sign in, or create your account with this email):`,
            '',
            `    ${link}`,
            '',
            'If you do not know them, ignore this email: nothing happens unless you accept.',
          ].join('\n'),
        });
        return { invitation, delivery: 'email', link: null };
      } catch {
        // The owner can still hand the link over.
      }
    }
    return { invitation, delivery: 'link', link };
  }

  /** What the invitation page shows; FORBIDDEN for a used, revoked or expired link. */
  async previewInvitation(token: string): Promise<InvitationPreview> {
    const inv = await this.liveInvitation(token);
    const [workspace, inviter] = await Promise.all([
      this.store.getWorkspace(inv.workspaceId),
      inv.invitedBy ? this.store.accounts.getUser(inv.invitedBy) : null,
    ]);
    if (!workspace) throw invalidInvitation();
    return {
      workspaceName: workspace.name,
      role: inv.role,
      email: inv.email,
      invitedBy: inviter?.name ?? null,
      expiresAt: inv.expiresAt,
    };
  }

  private async liveInvitation(token: string): Promise<Invitation> {
    const inv = await this.store.accounts.findInvitation(sha256(token));
    if (!inv) throw invalidInvitation();
    return inv;
  }

  /** The signed-in user accepts: only the account of the invited email may. */
  async acceptInvitation(token: string, userId: string): Promise<Membership> {
    const inv = await this.liveInvitation(token);
    const user = await this.store.accounts.getUser(userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'This account no longer exists');
    if (user.email !== inv.email)
      throw new AppError(
        'FORBIDDEN',
        'This invitation was sent to another email address: sign in with the account of that address',
      );
    return this.join(token, inv, user.id);
  }

  /** A new account for the invited email, made a member and signed in. */
  async signUpWithInvitation(
    token: string,
    input: { name: string; password: string },
  ): Promise<{ user: User; membership: Membership; sessionToken: string; csrfToken: string }> {
    const inv = await this.liveInvitation(token);
    let user: User;
    try {
      user = await this.createUser({ email: inv.email, name: input.name, password: input.password, noWorkspace: true });
    } catch (e) {
      if (e instanceof AppError && e.code === 'CONFLICT')
        throw new AppError('CONFLICT', 'Sign in to accept this invitation, then open the link again');
      throw e;
    }
    const membership = await this.join(token, inv, user.id);
    const session = await this.startSession(user.id);
    await this.audit(user.id, 'signup', { workspaceId: inv.workspaceId });
    return { user, membership, ...session };
  }

  private async join(token: string, inv: Invitation, userId: string): Promise<Membership> {
    const membership = await this.store.accounts.acceptInvitation(sha256(token), userId);
    if (!membership) throw invalidInvitation();
    await this.store.accounts.appendAudit({
      workspaceId: inv.workspaceId,
      actorUserId: userId,
      action: 'member.join',
      target: `user:${userId}`,
      meta: { role: membership.role, invitationId: inv.id },
    });
    return membership;
  }

  close(): void {
    this.mailer.close();
  }
}

function invalidInvitation(): AppError {
  return new AppError('FORBIDDEN', 'This invitation is not valid (used, revoked or expired): ask for a new one');
}

/** Header-safe: no line breaks from a name into a subject. */
const oneLine = (s: string) => s.replace(/[\r\n\t]+/g, ' ');
