import { z } from 'zod';
import { Id, ShortText, Timestamp } from './common.schema.js';
import { WorkspaceSchema } from './workspace.schema.js';

export const Role = z.enum(['owner', 'member', 'viewer']);
export const Password = z.string().min(10, 'must be at least 10 characters').max(200);
export const AccountEmail = z
  .email()
  .max(320)
  .transform((e) => e.trim().toLowerCase());

export const UserSchema = z
  .strictObject({ id: Id, email: z.string(), name: z.string(), createdAt: Timestamp, updatedAt: Timestamp })
  .meta({ id: 'User' });

export const MembershipSchema = z
  .strictObject({
    workspaceId: Id,
    userId: Id,
    role: Role,
    /** The member's own person in the workspace: "me" when they look at it. */
    personId: Id.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Membership' });

export const SessionInfoSchema = z
  .strictObject({
    user: UserSchema,
    workspaces: z.array(z.strictObject({ workspace: WorkspaceSchema, role: Role })),
    /** Send back as X-CSRF-Token on state-changing browser requests. */
    csrfToken: z.string().nullable(),
    via: z.enum(['session', 'token']),
  })
  .meta({ id: 'SessionInfo' });

/**
 * What the sign-in page needs to know: whether a fresh install still needs its
 * first account (the setup link), and whether a forgotten password can be reset
 * by an emailed link (SMTP configured) or only by the administrator.
 */
export const SetupStatusSchema = z
  .strictObject({ needed: z.boolean(), emailResets: z.boolean() })
  .meta({ id: 'SetupStatus' });

export const LoginInput = z
  .strictObject({ email: AccountEmail, password: z.string().min(1).max(200) })
  .meta({ id: 'LoginInput' });
export const SetupInput = z
  .strictObject({ token: z.string().min(10).max(200), email: AccountEmail, name: ShortText.min(1), password: Password })
  .meta({ id: 'SetupInput' });

export const ApiTokenSchema = z
  .strictObject({
    id: Id,
    name: z.string(),
    prefix: z.string(),
    createdAt: Timestamp,
    lastUsedAt: Timestamp.nullable(),
  })
  .meta({ id: 'ApiToken' });
export const ApiTokenCreate = z.strictObject({ name: ShortText.min(1).max(100) }).meta({ id: 'ApiTokenCreate' });
/** The token itself is shown once, here, and stored only as a hash. */
export const ApiTokenCreated = z
  .strictObject({ token: z.string(), apiToken: ApiTokenSchema })
  .meta({ id: 'ApiTokenCreated' });

export const MemberAdd = z
  .strictObject({ email: AccountEmail, role: Role, personId: Id.nullable().optional() })
  .meta({ id: 'MemberAdd' });
export const MemberUpdate = z
  .strictObject({ role: Role.optional(), personId: Id.nullable().optional() })
  .meta({ id: 'MemberUpdate' });
export const MemberSchema = z
  .strictObject({ user: UserSchema, role: Role, personId: Id.nullable(), createdAt: Timestamp })
  .meta({ id: 'Member' });

/**
 * An invitation to join a workspace. Adding a member creates one; the invitee
 * becomes a member only by accepting it. Its secret is stored only as a hash.
 */
export const InvitationSchema = z
  .strictObject({
    id: Id,
    workspaceId: Id,
    email: z.string(),
    role: Role,
    personId: Id.nullable(),
    invitedBy: Id.nullable(),
    createdAt: Timestamp,
    expiresAt: Timestamp,
  })
  .meta({ id: 'Invitation' });
/**
 * What the owner gets back: the same answer whether or not the email has an
 * account. With SMTP configured the link goes to the invitee alone; without,
 * it is shown here once, to hand over.
 */
export const InvitationCreated = z
  .strictObject({ invitation: InvitationSchema, delivery: z.enum(['email', 'link']), link: z.string().nullable() })
  .meta({ id: 'InvitationCreated' });
export const SecretToken = z.string().min(10).max(200);
export const InvitationTokenInput = z.strictObject({ token: SecretToken }).meta({ id: 'InvitationTokenInput' });
/** What the invitation page shows before it is accepted. */
export const InvitationPreviewSchema = z
  .strictObject({
    workspaceName: z.string(),
    role: Role,
    email: z.string(),
    invitedBy: z.string().nullable(),
    expiresAt: Timestamp,
  })
  .meta({ id: 'InvitationPreview' });
/** Accepting with a new account: the account takes the invitation's email. */
export const InvitationSignUp = z
  .strictObject({ token: SecretToken, name: ShortText.min(1), password: Password })
  .meta({ id: 'InvitationSignUp' });

export const PasswordChange = z
  .strictObject({ currentPassword: z.string().min(1).max(200), newPassword: Password })
  .meta({ id: 'PasswordChange' });
export const PasswordResetRequest = z.strictObject({ email: AccountEmail }).meta({ id: 'PasswordResetRequest' });
export const PasswordResetConfirm = z
  .strictObject({ token: SecretToken, password: Password })
  .meta({ id: 'PasswordResetConfirm' });
export const AccountDelete = z.strictObject({ password: z.string().min(1).max(200) }).meta({ id: 'AccountDelete' });

export const AuditEntrySchema = z
  .strictObject({
    id: Id,
    workspaceId: Id.nullable(),
    actorUserId: Id.nullable(),
    action: z.string(),
    target: z.string().nullable(),
    at: Timestamp,
    meta: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEntry' });

export type Role = z.infer<typeof Role>;
export type User = z.infer<typeof UserSchema>;
export type Membership = z.infer<typeof MembershipSchema>;
export type SessionInfo = z.infer<typeof SessionInfoSchema>;
export type ApiToken = z.infer<typeof ApiTokenSchema>;
export type Member = z.infer<typeof MemberSchema>;
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type Invitation = z.infer<typeof InvitationSchema>;
export type InvitationPreview = z.infer<typeof InvitationPreviewSchema>;
