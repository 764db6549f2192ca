/**
 * Accounts on SQLite: users, memberships, sessions, API tokens, private notes
 * and the audit log. Every query takes parameters; secrets arrive hashed.
 */
import type Database from 'better-sqlite3';
import type { ApiToken, AuditEntry, Invitation, Membership, Page, Role, User } from '../../../shared/index.js';
import { AppError } from '../../core/app-error.js';
import { TOKEN_USE_RESOLUTION_MS, newId, nowIso } from '../../domain/records.js';
import type { AccountRepo } from '../store.port.js';

type Row = Record<string, unknown>;

const userOf = (r: Row): User => ({
  id: r.id as string,
  email: r.email as string,
  name: r.name as string,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});
const membershipOf = (r: Row): Membership => ({
  workspaceId: r.workspace_id as string,
  userId: r.user_id as string,
  role: r.role as Role,
  personId: (r.person_id as string | null) ?? null,
  createdAt: r.created_at as string,
});
const tokenOf = (r: Row): ApiToken => ({
  id: r.id as string,
  name: r.name as string,
  prefix: r.prefix as string,
  createdAt: r.created_at as string,
  lastUsedAt: (r.last_used_at as string | null) ?? null,
});
const invitationOf = (r: Row): Invitation => ({
  id: r.id as string,
  workspaceId: r.workspace_id as string,
  email: r.email as string,
  role: r.role as Role,
  personId: (r.person_id as string | null) ?? null,
  invitedBy: (r.invited_by as string | null) ?? null,
  createdAt: r.created_at as string,
  expiresAt: r.expires_at as string,
});
const LAST_OWNER = 'A workspace keeps at least one owner: make another member owner first';
const auditOf = (r: Row): AuditEntry => ({
  id: r.id as string,
  workspaceId: (r.workspace_id as string | null) ?? null,
  actorUserId: (r.actor_user_id as string | null) ?? null,
  action: r.action as string,
  target: (r.target as string | null) ?? null,
  at: r.at as string,
  meta: JSON.parse(r.meta as string) as Record<string, unknown>,
});

export function sqliteAccounts(stmt: (sql: string) => Database.Statement, tx: <T>(fn: () => T) => T): AccountRepo {
  /** Owners of the workspace other than `userId`. */
  const otherOwners = (ws: string, userId: string) =>
    stmt("SELECT count(*) FROM memberships WHERE workspace_id = ? AND role = 'owner' AND user_id <> ?")
      .pluck()
      .get(ws, userId) as number;
  const auditPage = (where: string, param: string, limit: number, offset: number): Page<AuditEntry> => {
    const total = stmt(`SELECT count(*) FROM audit_log WHERE ${where}`).pluck().get(param) as number;
    const items = (
      stmt(`SELECT * FROM audit_log WHERE ${where} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`).all(
        param,
        limit,
        offset,
      ) as Row[]
    ).map(auditOf);
    return { items, total, limit, offset };
  };
  return {
    async countUsers() {
      return stmt('SELECT count(*) FROM users').pluck().get() as number;
    },
    async createUser({ email, name, passwordHash }) {
      const now = nowIso();
      const user: User = { id: newId(), email: email.trim().toLowerCase(), name, createdAt: now, updatedAt: now };
      tx(() =>
        stmt(
          'INSERT INTO users (id, email, name, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
        ).run(user.id, user.email, user.name, passwordHash, now, now),
      );
      return user;
    },
    async getUser(id) {
      const r = stmt('SELECT * FROM users WHERE id = ?').get(id) as Row | undefined;
      return r ? userOf(r) : null;
    },
    async findUserByEmail(email) {
      const r = stmt('SELECT * FROM users WHERE email = ?').get(email.trim().toLowerCase()) as Row | undefined;
      return r ? { user: userOf(r), passwordHash: r.password_hash as string, disabled: r.disabled_at !== null } : null;
    },
    async setPasswordHash(userId, passwordHash) {
      stmt('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?').run(passwordHash, nowIso(), userId);
    },
    async setDisabled(userId, disabled) {
      const now = nowIso();
      return (
        stmt('UPDATE users SET disabled_at = ?, updated_at = ? WHERE id = ?').run(disabled ? now : null, now, userId)
          .changes > 0
      );
    },
    async deleteUser(userId) {
      return tx(() => {
        const owned = stmt("SELECT workspace_id FROM memberships WHERE user_id = ? AND role = 'owner'")
          .pluck()
          .all(userId) as string[];
        for (const ws of owned) {
          const others = stmt('SELECT count(*) FROM memberships WHERE workspace_id = ? AND user_id <> ?')
            .pluck()
            .get(ws, userId) as number;
          if (others > 0 && otherOwners(ws, userId) === 0)
            throw new AppError('CONFLICT', `${LAST_OWNER} (workspace ${ws})`, { workspaceId: ws });
        }
        // Memberships, sessions, tokens, resets and private notes go by their foreign keys.
        return stmt('DELETE FROM users WHERE id = ?').run(userId).changes > 0;
      });
    },

    async putMembership(ws, userId, role, personId) {
      return tx(() => {
        if (personId && !stmt('SELECT 1 FROM people WHERE workspace_id = ? AND id = ?').get(ws, personId)) {
          throw AppError.invalid('personId', `no person with id ${personId} in this workspace`);
        }
        const cur = stmt('SELECT * FROM memberships WHERE workspace_id = ? AND user_id = ?').get(ws, userId) as
          | Row
          | undefined;
        if (cur?.role === 'owner' && role !== 'owner' && otherOwners(ws, userId) === 0)
          throw new AppError('CONFLICT', LAST_OWNER);
        if (cur) {
          const next = personId === undefined ? (cur.person_id as string | null) : personId;
          stmt('UPDATE memberships SET role = ?, person_id = ? WHERE workspace_id = ? AND user_id = ?').run(
            role,
            next,
            ws,
            userId,
          );
        } else {
          stmt(
            'INSERT INTO memberships (workspace_id, user_id, role, person_id, created_at) VALUES (?, ?, ?, ?, ?)',
          ).run(ws, userId, role, personId ?? null, nowIso());
        }
        return membershipOf(
          stmt('SELECT * FROM memberships WHERE workspace_id = ? AND user_id = ?').get(ws, userId) as Row,
        );
      });
    },
    async getMembership(ws, userId) {
      const r = stmt('SELECT * FROM memberships WHERE workspace_id = ? AND user_id = ?').get(ws, userId) as
        | Row
        | undefined;
      return r ? membershipOf(r) : null;
    },
    async removeMembership(ws, userId) {
      return tx(() => {
        const role = stmt('SELECT role FROM memberships WHERE workspace_id = ? AND user_id = ?')
          .pluck()
          .get(ws, userId) as string | undefined;
        if (role === 'owner' && otherOwners(ws, userId) === 0) throw new AppError('CONFLICT', LAST_OWNER);
        return stmt('DELETE FROM memberships WHERE workspace_id = ? AND user_id = ?').run(ws, userId).changes > 0;
      });
    },
    async listMembershipsOfUser(userId) {
      return (
        stmt('SELECT * FROM memberships WHERE user_id = ? ORDER BY created_at, workspace_id').all(userId) as Row[]
      ).map(membershipOf);
    },
    async listMembers(ws) {
      return (
        stmt('SELECT * FROM memberships WHERE workspace_id = ? ORDER BY created_at, user_id').all(ws) as Row[]
      ).map(membershipOf);
    },

    async createInvitation(input) {
      const inv: Invitation = {
        id: newId(),
        workspaceId: input.workspaceId,
        email: input.email.trim().toLowerCase(),
        role: input.role,
        personId: input.personId,
        invitedBy: input.invitedBy,
        createdAt: nowIso(),
        expiresAt: input.expiresAt,
      };
      tx(() => {
        if (!stmt('SELECT 1 FROM workspaces WHERE id = ?').get(inv.workspaceId))
          throw AppError.notFound('workspace', inv.workspaceId);
        if (
          inv.personId &&
          !stmt('SELECT 1 FROM people WHERE workspace_id = ? AND id = ?').get(inv.workspaceId, inv.personId)
        )
          throw AppError.invalid('personId', `no person with id ${inv.personId} in this workspace`);
        stmt('DELETE FROM invitations WHERE workspace_id = ? AND email = ?').run(inv.workspaceId, inv.email);
        stmt(
          `INSERT INTO invitations (id, workspace_id, email, role, person_id, invited_by, token_hash, created_at, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          inv.id,
          inv.workspaceId,
          inv.email,
          inv.role,
          inv.personId,
          inv.invitedBy,
          input.tokenHash,
          inv.createdAt,
          inv.expiresAt,
        );
      });
      return inv;
    },
    async listInvitations(ws) {
      return (
        stmt('SELECT * FROM invitations WHERE workspace_id = ? AND expires_at > ? ORDER BY created_at, id').all(
          ws,
          nowIso(),
        ) as Row[]
      ).map(invitationOf);
    },
    async revokeInvitation(ws, id) {
      return stmt('DELETE FROM invitations WHERE workspace_id = ? AND id = ?').run(ws, id).changes > 0;
    },
    async findInvitation(tokenHash) {
      const r = stmt('SELECT * FROM invitations WHERE token_hash = ? AND expires_at > ?').get(tokenHash, nowIso()) as
        | Row
        | undefined;
      return r ? invitationOf(r) : null;
    },
    async acceptInvitation(tokenHash, userId) {
      return tx(() => {
        const r = stmt('SELECT * FROM invitations WHERE token_hash = ? AND expires_at > ?').get(tokenHash, nowIso()) as
          | Row
          | undefined;
        if (!r) return null;
        if (!stmt('SELECT 1 FROM users WHERE id = ?').get(userId)) throw AppError.notFound('user', userId);
        const inv = invitationOf(r);
        stmt('DELETE FROM invitations WHERE id = ?').run(inv.id);
        const person =
          inv.personId &&
          stmt('SELECT 1 FROM people WHERE workspace_id = ? AND id = ?').get(inv.workspaceId, inv.personId)
            ? inv.personId
            : null;
        stmt(
          'INSERT OR IGNORE INTO memberships (workspace_id, user_id, role, person_id, created_at) VALUES (?, ?, ?, ?, ?)',
        ).run(inv.workspaceId, userId, inv.role, person, nowIso());
        return membershipOf(
          stmt('SELECT * FROM memberships WHERE workspace_id = ? AND user_id = ?').get(inv.workspaceId, userId) as Row,
        );
      });
    },

    async createSession({ tokenHash, userId, csrfToken, expiresAt }) {
      stmt('INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)').run(
        tokenHash,
        userId,
        csrfToken,
        expiresAt,
      );
    },
    async getSession(tokenHash) {
      const r = stmt('SELECT * FROM sessions WHERE token_hash = ?').get(tokenHash) as Row | undefined;
      if (!r) return null;
      if ((r.expires_at as string) <= nowIso()) {
        stmt('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
        return null;
      }
      return { userId: r.user_id as string, csrfToken: r.csrf_token as string, expiresAt: r.expires_at as string };
    },
    async deleteSession(tokenHash) {
      stmt('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
    },
    async deleteSessionsOfUser(userId, keep) {
      stmt('DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?').run(userId, keep ?? '');
    },

    async createApiToken({ userId, name, prefix, tokenHash }) {
      const row = { id: newId(), user_id: userId, name, prefix, token_hash: tokenHash, created_at: nowIso() };
      stmt(
        'INSERT INTO api_tokens (id, user_id, name, prefix, token_hash, created_at) VALUES (@id, @user_id, @name, @prefix, @token_hash, @created_at)',
      ).run(row);
      return tokenOf(row);
    },
    async listApiTokens(userId) {
      return (
        stmt('SELECT * FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL ORDER BY created_at, id').all(
          userId,
        ) as Row[]
      ).map(tokenOf);
    },
    async revokeApiToken(userId, id) {
      return (
        stmt('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL').run(
          nowIso(),
          id,
          userId,
        ).changes > 0
      );
    },
    async revokeApiTokensOfUser(userId) {
      return stmt('UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(nowIso(), userId)
        .changes;
    },
    async useApiToken(tokenHash) {
      const r = stmt('SELECT * FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL').get(tokenHash) as
        | Row
        | undefined;
      if (!r) return null;
      const last = r.last_used_at as string | null;
      if (last !== null && Date.parse(last) > Date.now() - TOKEN_USE_RESOLUTION_MS)
        return { userId: r.user_id as string, token: tokenOf(r) };
      const now = nowIso();
      stmt('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(now, r.id);
      return { userId: r.user_id as string, token: tokenOf({ ...r, last_used_at: now }) };
    },

    async createPasswordReset({ userId, tokenHash, expiresAt }) {
      tx(() => {
        stmt('DELETE FROM password_resets WHERE user_id = ?').run(userId);
        stmt('INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES (?, ?, ?)').run(
          tokenHash,
          userId,
          expiresAt,
        );
      });
    },
    async consumePasswordReset(tokenHash) {
      return tx(() => {
        const r = stmt('SELECT user_id, expires_at FROM password_resets WHERE token_hash = ?').get(tokenHash) as
          | { user_id: string; expires_at: string }
          | undefined;
        if (!r) return null;
        stmt('DELETE FROM password_resets WHERE token_hash = ?').run(tokenHash);
        return r.expires_at > nowIso() ? r.user_id : null;
      });
    },

    async getPrivateNote(ws, personId, userId) {
      return (
        (stmt('SELECT text FROM private_notes WHERE workspace_id = ? AND person_id = ? AND user_id = ?')
          .pluck()
          .get(ws, personId, userId) as string | undefined) ?? null
      );
    },
    async setPrivateNote(ws, personId, userId, text) {
      tx(() => {
        if (!stmt('SELECT 1 FROM people WHERE workspace_id = ? AND id = ?').get(ws, personId))
          throw AppError.notFound('person', personId);
        if (text == null)
          stmt('DELETE FROM private_notes WHERE workspace_id = ? AND person_id = ? AND user_id = ?').run(
            ws,
            personId,
            userId,
          );
        else {
          stmt(`INSERT INTO private_notes (workspace_id, person_id, user_id, text, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (workspace_id, person_id, user_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at`).run(
            ws,
            personId,
            userId,
            text,
            nowIso(),
          );
        }
      });
    },

    async appendAudit(entry) {
      const e: AuditEntry = {
        id: newId(),
        workspaceId: entry.workspaceId,
        actorUserId: entry.actorUserId,
        action: entry.action,
        target: entry.target,
        at: entry.at ?? nowIso(),
        meta: entry.meta,
      };
      stmt(
        'INSERT INTO audit_log (id, workspace_id, actor_user_id, action, target, at, meta) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(e.id, e.workspaceId, e.actorUserId, e.action, e.target, e.at, JSON.stringify(e.meta));
      return e;
    },
    async listAudit(ws, { limit, offset }) {
      return auditPage('workspace_id = ?', ws, limit, offset);
    },
    async listUserAudit(userId, { limit, offset }) {
      return auditPage('workspace_id IS NULL AND target = ?', `user:${userId}`, limit, offset);
    },
  };
}
