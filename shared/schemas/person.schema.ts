import { z } from 'zod';
import { Id, IsoDate, LongText, PageQuery, RecordMeta, ShortText, Tags, pageOf } from './common.schema.js';

export const LinkedInUrl = z
  .string()
  .trim()
  .max(1000)
  .regex(
    /^(https?:\/\/)?([a-z0-9-]+\.)*linkedin\.com\/in\/[^/?#\s]+\/?([?#].*)?$/i,
    'must be a LinkedIn profile URL (linkedin.com/in/…)',
  );

export const Email = z.email().max(320);

/** Where a record came from: typed by hand, or an importer. */
export const Source = z.string().trim().min(1).max(64);

const personFields = {
  name: ShortText.min(1).max(200),
  firstName: ShortText.max(100).nullable(),
  lastName: ShortText.max(100).nullable(),
  emails: z.array(Email).max(20),
  linkedinUrl: LinkedInUrl.nullable(),
  company: ShortText.max(200).nullable(),
  position: ShortText.max(300).nullable(),
  organizationId: Id.nullable(),
  tags: Tags,
  notes: LongText.nullable(),
  connectedOn: IsoDate.nullable(),
  source: Source,
  isMe: z.boolean(),
  /** A need the person has expressed ("looking for a bookkeeper"): pitching without one is a mistake. */
  needNote: ShortText.nullable(),
  needNotedOn: IsoDate.nullable(),
};

export const PersonSchema = z.strictObject({ ...RecordMeta, ...personFields }).meta({ id: 'Person' });

export const PersonCreate = z
  .strictObject(personFields)
  .partial()
  .required({ name: true })
  .meta({ id: 'PersonCreate' });
export const PersonUpdate = PersonCreate.partial().meta({ id: 'PersonUpdate' });

export const BoolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const PersonQuery = z.strictObject({
  ...PageQuery,
  q: z.string().trim().min(1).max(200).optional(),
  tag: z.string().trim().min(1).max(64).optional(),
  company: z.string().trim().min(1).max(200).optional(),
  organizationId: Id.optional(),
  isMe: BoolQuery.optional(),
  sort: z.enum(['name', 'createdAt', 'updatedAt', 'connectedOn']).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
});

export const PersonPage = pageOf(PersonSchema).meta({ id: 'PersonPage' });

export type Person = z.infer<typeof PersonSchema>;
export type PersonCreate = z.infer<typeof PersonCreate>;
export type PersonUpdate = z.infer<typeof PersonUpdate>;
export type PersonQuery = z.infer<typeof PersonQuery>;
