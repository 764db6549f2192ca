/**
 * Accounts on Neo4j: users, memberships, sessions, API tokens, private notes
 * and the audit log, with the semantics of the SQLite adapter
 * (sqlite-accounts.ts). The model and every statement are in cypher.ts (ACCOUNTS).
 */
import neo4j from 'neo4j-driver';
import type { ApiToken, AuditEntry, Invitation, Membership, Page, User } from '../../../shared/index.js';
import { AppError } from '../../core/app-error.js';
import { TOKEN_USE_RESOLUTION_MS, newId, nowIso } from '../../domain/records.js';
import type { AccountRepo } from '../store.port.js';
import { ACCOUNTS as Q, EXISTING, WORKSPACE } from './cypher.js';
import type { ManagedTransaction } from 'neo4j-driver';
import type { Transactions } from './transactions.js';
import { toNative } from './neo4j-values.js';

type Row = Record<string, unknown>;

const num = (v: unknown): number => Number(toNative(v) ?? 0);
const lowerEmail = (email: string) => email.trim().toLowerCase();

const userOf = (v: unknown): User => {
  const r = toNative(v) as Row;
  return {
    id: r.id as string,
    email: r.email as string,
    name: r.name as string,
    createdAt: r.createdAt as string,
    updatedAt: r.updatedAt as string,
  };
};
const membershipOf = (v: unknown): Membership => {
  const r = toNative(v) as Row;
  return {
    workspaceId: r.workspaceId as string,
    userId: r.userId as string,
    role: r.role as Membership['role'],
    personId: (r.personId as string | null) ?? null,
    createdAt: r.createdAt as string,
  };
};
const tokenOf = (v: unknown): ApiToken => {
  const r = toNative(v) as Row;
  return {
    id: r.id as string,
    name: r.name as string,
    prefix: r.prefix as string,
    createdAt: r.createdAt as string,
    lastUsedAt: (r.lastUsedAt as string | null) ?? null,
  };
};
const invitationOf = (v: unknown): Invitation => {
  const r = toNative(v) as Row;
  return {
    id: r.id as string,
    workspaceId: r.workspaceId as string,
    email: r.email as string,
    role: r.role as Invitation['role'],
    personId: (r.personId as string | null) ?? null,
    invitedBy: (r.invitedBy as string | null) ?? null,
    createdAt: r.createdAt as string,
    expiresAt: r.expiresAt as string,
  };
};
const LAST_OWNER = 'A workspace keeps at least one owner: make another member owner first';

/** In the write's transaction, with the workspace locked: CONFLICT if `userId` is its last owner. */
async function assertNotLastOwner(tx: ManagedTransaction, ws: string, userId: string): Promise<void> {
  await tx.run(Q.lockWorkspace, { ws });
  const role = (await tx.run(Q.roleOf, { ws, userId })).records[0]?.get('role') as string | undefined;
  if (role === 'owner' && num((await tx.run(Q.otherOwners, { ws, userId })).records[0]?.get('n')) === 0)
    throw new AppError('CONFLICT', LAST_OWNER);
}

const auditOf = (v: unknown): AuditEntry => {
  const r = toNative(v) as Row;
  return {
    id: r.id as string,
    workspaceId: (r.workspaceId as string | null) ?? null,
    actorUserId: (r.actorUserId as string | null) ?? null,
    action: r.action as string,
    target: (r.target as string | null) ?? null,
    at: r.at as string,
    meta: JSON.parse(r.meta as string) as Record<string, unknown>,
  };
};

export function neo4jAccounts(db: Transactions): AccountRepo {
  const auditPage = (count: string, page: string, params: Row, limit: number, offset: number) =>
    db.read(async (tx): Promise<Page<AuditEntry>> => {
      const total = num((await tx.run(count, params)).records[0]?.get('total'));
      const rows = await tx.run(page, { ...params, skip: neo4j.int(offset), limit: neo4j.int(limit) });
      return { items: rows.records.map((r) => auditOf(r.get('r'))), total, limit, offset };
    });
  return {
    async countUsers() {
      return db.read(async (tx) => num((await tx.run(Q.countUsers)).records[0]?.get('n')));
    },
    async createUser({ email, name, passwordHash }) {
      const now = nowIso();
      const user: User = { id: newId(), email: lowerEmail(email), name, createdAt: now, updatedAt: now };
      await db.write((tx) => tx.run(Q.createUser, { props: { ...user, passwordHash } }));
      return user;
    },
    async getUser(id) {
      return db.read(async (tx) => {
        const first = (await tx.run(Q.getUser, { id })).records[0];
        return first ? userOf(first.get('r')) : null;
      });
    },
    async findUserByEmail(email) {
      return db.read(async (tx) => {
        const first = (await tx.run(Q.findUserByEmail, { email: lowerEmail(email) })).records[0];
        return first
          ? {
              user: userOf(first.get('r')),
              passwordHash: first.get('passwordHash') as string,
              disabled: first.get('disabled') === true,
            }
          : null;
      });
    },
    async setPasswordHash(userId, passwordHash) {
      await db.write((tx) => tx.run(Q.setPasswordHash, { id: userId, passwordHash, now: nowIso() }));
    },
    async setDisabled(userId, disabled) {
      const now = nowIso();
      return db.write(
        async (tx) =>
          num(
            (await tx.run(Q.setDisabled, { id: userId, disabledAt: disabled ? now : null, now })).records[0]?.get('n'),
          ) > 0,
      );
    },
    async deleteUser(userId) {
      return db.write(async (tx) => {
        await tx.run(Q.lockOwnedWorkspaces, { userId });
        const ws = (await tx.run(Q.soleOwnerOf, { userId })).records[0]?.get('ws') as string | undefined;
        if (ws) throw new AppError('CONFLICT', `${LAST_OWNER} (workspace ${ws})`, { workspaceId: ws });
        return num((await tx.run(Q.deleteUser, { userId })).records[0]?.get('n')) > 0;
      });
    },

    async putMembership(ws, userId, role, personId) {
      return db.write(async (tx) => {
        if (personId && (await tx.run(EXISTING.Person!, { ws, ids: [personId] })).records.length === 0) {
          throw AppError.invalid('personId', `no person with id ${personId} in this workspace`);
        }
        const found = (await tx.run(Q.userAndWorkspace, { ws, userId })).records[0];
        if (!found?.get('ws')) throw AppError.notFound('workspace', ws);
        if (!found.get('user')) throw AppError.notFound('user', userId);
        if (role !== 'owner') await assertNotLastOwner(tx, ws, userId);
        const res = await tx.run(Q.putMembership, {
          ws,
          userId,
          role,
          personId: personId ?? null,
          keepPerson: personId === undefined,
          now: nowIso(),
        });
        return membershipOf(res.records[0]!.get('r'));
      });
    },
    async getMembership(ws, userId) {
      return db.read(async (tx) => {
        const first = (await tx.run(Q.getMembership, { ws, userId })).records[0];
        return first ? membershipOf(first.get('r')) : null;
      });
    },
    async removeMembership(ws, userId) {
      return db.write(async (tx) => {
        await assertNotLastOwner(tx, ws, userId);
        return num((await tx.run(Q.removeMembership, { ws, userId })).records[0]?.get('n')) > 0;
      });
    },
    async listMembershipsOfUser(userId) {
      return db.read(async (tx) =>
        (await tx.run(Q.membershipsOfUser, { userId })).records.map((r) => membershipOf(r.get('r'))),
      );
    },
    async listMembers(ws) {
      return db.read(async (tx) => (await tx.run(Q.members, { ws })).records.map((r) => membershipOf(r.get('r'))));
    },

    async createInvitation(input) {
      const inv: Invitation = {
        id: newId(),
        workspaceId: input.workspaceId,
        email: lowerEmail(input.email),
        role: input.role,
        personId: input.personId,
        invitedBy: input.invitedBy,
        createdAt: nowIso(),
        expiresAt: input.expiresAt,
      };
      const ws = inv.workspaceId;
      await db.write(async (tx) => {
        if (num((await tx.run(WORKSPACE.existsWs, { ws })).records[0]?.get('n')) === 0)
          throw AppError.notFound('workspace', ws);
        if (inv.personId && (await tx.run(EXISTING.Person!, { ws, ids: [inv.personId] })).records.length === 0)
          throw AppError.invalid('personId', `no person with id ${inv.personId} in this workspace`);
        await tx.run(Q.deleteInvitationsTo, { ws, email: inv.email });
        await tx.run(Q.createInvitation, { props: { ...inv, tokenHash: input.tokenHash } });
      });
      return inv;
    },
    async listInvitations(ws) {
      return db.read(async (tx) =>
        (await tx.run(Q.listInvitations, { ws, now: nowIso() })).records.map((r) => invitationOf(r.get('r'))),
      );
    },
    async revokeInvitation(ws, id) {
      return db.write(async (tx) => num((await tx.run(Q.revokeInvitation, { ws, id })).records[0]?.get('n')) > 0);
    },
    async findInvitation(tokenHash) {
      return db.read(async (tx) => {
        const first = (await tx.run(Q.findInvitation, { tokenHash, now: nowIso() })).records[0];
        return first ? invitationOf(first.get('r')) : null;
      });
    },
    async acceptInvitation(tokenHash, userId) {
      return db.write(async (tx) => {
        const now = nowIso();
        const first = (await tx.run(Q.claimInvitation, { tokenHash, now })).records[0];
        if (!first) return null;
        const inv = invitationOf(first.get('r'));
        if (num((await tx.run(Q.userExists, { userId })).records[0]?.get('n')) === 0)
          throw AppError.notFound('user', userId);
        const personId =
          inv.personId &&
          (await tx.run(EXISTING.Person!, { ws: inv.workspaceId, ids: [inv.personId] })).records.length > 0
            ? inv.personId
            : null;
        const joined = (await tx.run(Q.joinWorkspace, { ws: inv.workspaceId, userId, role: inv.role, personId, now }))
          .records[0];
        if (!joined) throw AppError.notFound('workspace', inv.workspaceId);
        return membershipOf(joined.get('r'));
      });
    },

    async createSession({ tokenHash, userId, csrfToken, expiresAt }) {
      const n = await db.write(async (tx) =>
        num((await tx.run(Q.createSession, { tokenHash, userId, csrfToken, expiresAt })).records[0]?.get('n')),
      );
      if (n === 0) throw AppError.notFound('user', userId);
    },
    async getSession(tokenHash) {
      const first = await db.read(async (tx) => (await tx.run(Q.getSession, { tokenHash })).records[0]);
      if (!first) return null;
      const expiresAt = first.get('expiresAt') as string;
      const now = nowIso();
      if (expiresAt <= now) {
        await db.write((tx) => tx.run(Q.deleteExpiredSession, { tokenHash, now }));
        return null;
      }
      return { userId: first.get('userId') as string, csrfToken: first.get('csrfToken') as string, expiresAt };
    },
    async deleteSession(tokenHash) {
      await db.write((tx) => tx.run(Q.deleteSession, { tokenHash }));
    },
    async deleteSessionsOfUser(userId, keep) {
      await db.write((tx) => tx.run(Q.deleteSessionsOfUser, { userId, keep: keep ?? '' }));
    },

    async createApiToken({ userId, name, prefix, tokenHash }) {
      const token: ApiToken = { id: newId(), name, prefix, createdAt: nowIso(), lastUsedAt: null };
      const n = await db.write(async (tx) =>
        num((await tx.run(Q.createApiToken, { userId, props: { ...token, tokenHash } })).records[0]?.get('n')),
      );
      if (n === 0) throw AppError.notFound('user', userId);
      return token;
    },
    async listApiTokens(userId) {
      return db.read(async (tx) => (await tx.run(Q.listApiTokens, { userId })).records.map((r) => tokenOf(r.get('r'))));
    },
    async revokeApiToken(userId, id) {
      return db.write(
        async (tx) => num((await tx.run(Q.revokeApiToken, { userId, id, now: nowIso() })).records[0]?.get('n')) > 0,
      );
    },
    async revokeApiTokensOfUser(userId) {
      return db.write(async (tx) =>
        num((await tx.run(Q.revokeApiTokensOfUser, { userId, now: nowIso() })).records[0]?.get('n')),
      );
    },
    async useApiToken(tokenHash) {
      // A read; the write that records the use only when the last one is older than the resolution
      // (as on SQLite), so a script's every request is not a write transaction on the cluster's leader.
      const staleBefore = new Date(Date.now() - TOKEN_USE_RESOLUTION_MS).toISOString();
      const found = await db.read(async (tx) => (await tx.run(Q.findApiToken, { tokenHash })).records[0]);
      if (!found) return null;
      const token = tokenOf(found.get('r'));
      if (token.lastUsedAt !== null && token.lastUsedAt >= staleBefore)
        return { userId: found.get('userId') as string, token };
      return db.write(async (tx) => {
        const first = (await tx.run(Q.useApiToken, { tokenHash, now: nowIso(), staleBefore })).records[0];
        return first ? { userId: first.get('userId') as string, token: tokenOf(first.get('r')) } : null;
      });
    },

    async createPasswordReset({ userId, tokenHash, expiresAt }) {
      await db.write((tx) => tx.run(Q.createPasswordReset, { userId, tokenHash, expiresAt }));
    },
    async consumePasswordReset(tokenHash) {
      const first = await db.write(
        async (tx) => (await tx.run(Q.consumePasswordReset, { tokenHash })).records[0] ?? null,
      );
      if (!first) return null;
      return (first.get('expiresAt') as string) > nowIso() ? (first.get('userId') as string) : null;
    },

    async getPrivateNote(ws, personId, userId) {
      return db.read(
        async (tx) =>
          ((await tx.run(Q.getPrivateNote, { ws, personId, userId })).records[0]?.get('text') as string | undefined) ??
          null,
      );
    },
    async setPrivateNote(ws, personId, userId, text) {
      await db.write(async (tx) => {
        if ((await tx.run(EXISTING.Person!, { ws, ids: [personId] })).records.length === 0)
          throw AppError.notFound('person', personId);
        if (text == null) {
          await tx.run(Q.deletePrivateNote, { ws, personId, userId });
          return;
        }
        if (num((await tx.run(Q.userExists, { userId })).records[0]?.get('n')) === 0)
          throw AppError.notFound('user', userId);
        await tx.run(Q.setPrivateNote, { ws, personId, userId, text, now: nowIso() });
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
      await db.write((tx) => tx.run(Q.appendAudit, { props: { ...e, meta: JSON.stringify(e.meta) } }));
      return e;
    },
    async listAudit(ws, { limit, offset }) {
      return auditPage(Q.countAudit, Q.pageAudit, { ws }, limit, offset);
    },
    async listUserAudit(userId, { limit, offset }) {
      return auditPage(Q.countUserAudit, Q.pageUserAudit, { target: `user:${userId}` }, limit, offset);
    },
  };
}
