/**
 * Which record fields live where in the graph: as properties of the
 * record's node (or relationship), or as relationships to other nodes.
 */
import type { z } from 'zod';
import {
  ConsentSchema,
  InteractionSchema,
  IntroductionSchema,
  MailingListSchema,
  OrganizationSchema,
  PersonSchema,
  PitchSchema,
  ReferralSchema,
  SubscriptionSchema,
  TieSchema,
  WorkspaceSchema,
} from '../../../shared/index.js';
import type { EntityName } from '../store.port.js';

const fieldsOf = (schema: z.ZodObject) => Object.keys(schema.shape);

/** Field names of each record, in the order of its schema. */
export const FIELDS: { [K in EntityName]: string[] } & { workspaces: string[] } = {
  people: fieldsOf(PersonSchema),
  organizations: fieldsOf(OrganizationSchema),
  ties: fieldsOf(TieSchema),
  interactions: fieldsOf(InteractionSchema),
  introductions: fieldsOf(IntroductionSchema),
  referrals: fieldsOf(ReferralSchema),
  pitches: fieldsOf(PitchSchema),
  mailingLists: fieldsOf(MailingListSchema),
  subscriptions: fieldsOf(SubscriptionSchema),
  consents: fieldsOf(ConsentSchema),
  workspaces: fieldsOf(WorkspaceSchema),
};

/** Record fields held as relationships (or as the endpoints of one), not as properties. */
export const REL_FIELDS: { [K in EntityName]: readonly string[] } = {
  people: ['organizationId'],
  organizations: [],
  ties: ['aId', 'bId'],
  interactions: ['participantIds', 'initiatorId'],
  introductions: ['introducerId', 'aId', 'bId'],
  referrals: ['referrerId', 'recipientId', 'prospectId'],
  pitches: ['pitcherId', 'personId'],
  mailingLists: [],
  subscriptions: ['listId', 'personId'],
  consents: ['personId', 'listId'],
};

/** Record fields stored as properties. */
export const PROPERTY_FIELDS = Object.fromEntries(
  (Object.keys(REL_FIELDS) as EntityName[]).map((e) => [e, FIELDS[e].filter((f) => !REL_FIELDS[e].includes(f))]),
) as { [K in EntityName]: string[] };

/** Keys kept on a record's node beside its fields, for uniqueness, search and ordering. */
export const DERIVED_KEYS: { [K in EntityName]: readonly string[] } = {
  people: ['linkedinKey', 'meOf', 'searchText', 'companyLc'],
  organizations: ['nameLc'],
  ties: ['pairKey'],
  interactions: ['atMs'],
  introductions: ['atMs'],
  referrals: ['atMs'],
  pitches: ['atMs'],
  mailingLists: ['nameLc'],
  subscriptions: ['atMs', 'pairKey'],
  consents: ['atMs'],
};
