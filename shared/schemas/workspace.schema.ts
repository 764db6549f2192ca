import { z } from 'zod';
import { RecordMeta, ShortText } from './common.schema.js';

export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Berlin');

export const WorkspaceCreate = z
  .strictObject({
    name: ShortText.min(1),
    timeZone: TimeZone.optional(),
  })
  .meta({ id: 'WorkspaceCreate' });
export const WorkspaceUpdate = WorkspaceCreate.partial().meta({ id: 'WorkspaceUpdate' });
export const WorkspaceSchema = z
  .strictObject({ ...RecordMeta, name: z.string(), timeZone: z.string() })
  .meta({ id: 'Workspace' });

export type Workspace = z.infer<typeof WorkspaceSchema>;
export type WorkspaceCreate = z.infer<typeof WorkspaceCreate>;
export type WorkspaceUpdate = z.infer<typeof WorkspaceUpdate>;
