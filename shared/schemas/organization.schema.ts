import { z } from 'zod';
import { LongText, PageQuery, RecordMeta, ShortText, Tags, pageOf } from './common.schema.js';

const organizationFields = {
  name: ShortText.min(1).max(200),
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'must be a domain such as example.com')
    .nullable(),
  tags: Tags,
  notes: LongText.nullable(),
};

export const OrganizationSchema = z.strictObject({ ...RecordMeta, ...organizationFields }).meta({ id: 'Organization' });
export const OrganizationCreate = z
  .strictObject(organizationFields)
  .partial()
  .required({ name: true })
  .meta({ id: 'OrganizationCreate' });
export const OrganizationUpdate = OrganizationCreate.partial().meta({ id: 'OrganizationUpdate' });
export const OrganizationQuery = z.strictObject({
  ...PageQuery,
  q: z.string().trim().min(1).max(200).optional(),
  tag: z.string().trim().min(1).max(64).optional(),
});
export const OrganizationPage = pageOf(OrganizationSchema).meta({ id: 'OrganizationPage' });

export type Organization = z.infer<typeof OrganizationSchema>;
export type OrganizationCreate = z.infer<typeof OrganizationCreate>;
export type OrganizationUpdate = z.infer<typeof OrganizationUpdate>;
export type OrganizationQuery = z.infer<typeof OrganizationQuery>;
