/**
 * POST /api/v1/imports: a multipart upload (field `file`, plus optional
 * `dryRun`, `acceptValidRows`, `meName`, `meUrl`, `meEmail`, `mapping` as JSON), answered
 * with the same report as the CLI. The upload is spooled to a private file
 * under the size limit (upload-spool.ts), then imported in a worker thread
 * with a memory cap, one import per workspace at a time (import-runner.ts).
 */
import { z } from 'zod';
import { ImportReportSchema } from '../../shared/index.js';
import { AppError } from '../core/app-error.js';
import type { AppDeps } from '../app-deps.js';
import { route, type RouteSpec } from '../http/route.js';
import { UploadSpool } from './upload-spool.js';

const Flag = z.enum(['true', 'false', '1', '0', 'on']).transform((v) => v === 'true' || v === '1' || v === 'on');
const ImportFields = z.strictObject({
  dryRun: Flag.optional(),
  acceptValidRows: Flag.optional(),
  meName: z.string().trim().min(1).max(200).optional(),
  meUrl: z.string().trim().max(1000).optional(),
  /** One address, or several separated by commas or spaces. */
  meEmail: z.string().trim().max(2000).optional(),
  mapping: z
    .string()
    .max(10_000)
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
        return z.NEVER;
      }
    })
    .optional(),
});

export function importRoutes(
  { store, feed, config, imports: runner }: AppDeps,
  spool = new UploadSpool(config.dataDir),
): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/imports',
      tag: 'import',
      consumes: 'multipart/form-data',
      response: ImportReportSchema,
      summary:
        'Import a LinkedIn export (zip or CSV), a contacts CSV, an address book (.vcf), a calendar (.ics) or a mailbox (.mbox); dryRun=true previews without writing',
      handler: async ({ workspaceId, principal, req, res }) => {
        runner.prepare(workspaceId);
        const upload = await spool.receive(req, config.importMaxBytes);
        try {
          const parsed = ImportFields.safeParse(upload.fields);
          if (!parsed.success) {
            throw new AppError(
              'VALIDATION',
              `Invalid form fields: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
              {
                errors: parsed.error.issues.map((i) => ({ path: `form.${i.path.join('.')}`, message: i.message })),
              },
            );
          }
          const f = parsed.data;
          const meEmails = (f.meEmail ?? '').split(/[\s,;]+/).filter(Boolean);
          const report = await runner.run(
            workspaceId,
            {
              path: upload.path,
              fileName: upload.fileName,
              dryRun: f.dryRun ?? false,
              acceptValidRows: f.acceptValidRows ?? false,
              ...(f.meName ? { me: { name: f.meName, linkedinUrl: f.meUrl ?? null, email: meEmails[0] ?? null } } : {}),
              ...(meEmails.length > 0 ? { meEmails } : {}),
              ...(f.mapping !== undefined ? { mapping: f.mapping as never } : {}),
            },
            {
              maxBytes: config.importMaxBytes,
              zip: {
                maxTotalBytes: config.imports.maxInflatedBytes,
                maxRatio: config.imports.maxRatio,
                maxEntries: config.imports.maxEntries,
              },
            },
          );
          if (report.written) {
            feed.publish(workspaceId, 'import');
            await store.accounts.appendAudit({
              workspaceId,
              actorUserId: principal?.userId ?? null,
              action: 'import',
              target: report.importId ? `import:${report.importId}` : null,
              meta: {
                kind: report.kind,
                fileHash: report.fileHash,
                new: report.new,
                updated: report.updated,
                interactions: report.interactions,
              },
            });
            res.status(201);
          }
          return report;
        } finally {
          await upload.discard();
        }
      },
    }),
  ];
}
