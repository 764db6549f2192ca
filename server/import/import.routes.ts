/**
 * POST /api/v1/imports: a multipart upload (field `file`, plus optional
 * `dryRun`, `acceptValidRows`, `meName`, `meUrl`, `meEmail`, `mapping` as JSON), answered
 * with the same report as the CLI. The upload is spooled to a temporary file
 * under the size limit, so parsing streams from disk and memory stays bounded.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Request } from 'express';
import { z } from 'zod';
import { ImportReportSchema } from '../../shared/index.js';
import { AppError } from '../core/app-error.js';
import type { AppDeps } from '../app-deps.js';
import { route, type RouteSpec } from '../http/route.js';
import { importFile } from './import.service.js';

const Flag = z.enum(['true', 'false', '1', '0', 'on']).transform((v) => v === 'true' || v === '1' || v === 'on');
const ImportFields = z.strictObject({
  dryRun: Flag.optional(),
  acceptValidRows: Flag.optional(),
  meName: z.string().trim().min(1).max(200).optional(),
  meUrl: z.string().trim().max(1000).optional(),
  meEmail: z.string().trim().max(320).optional(),
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

interface Upload {
  path: string;
  fileName: string;
  fields: Record<string, string>;
  dir: string;
}

async function receive(req: Request, maxBytes: number): Promise<Upload> {
  if (!req.is('multipart/form-data')) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Upload the file as multipart/form-data with a field named "file"');
  }
  const dir = await mkdtemp(join(tmpdir(), 'nurture-upload-'));
  try {
    return await new Promise<Upload>((resolve, reject) => {
      const fields: Record<string, string> = {};
      let file: Promise<{ path: string; fileName: string }> | null = null;
      let tooBig = false;
      const bb = busboy({
        headers: req.headers,
        limits: { files: 1, fileSize: maxBytes, fields: 20, fieldSize: 20_000 },
      });
      bb.on('field', (name, value) => {
        fields[name] = value;
      });
      bb.on('file', (name, stream, info) => {
        if (name !== 'file') {
          stream.resume();
          return;
        }
        const path = join(dir, 'upload');
        stream.on('limit', () => {
          tooBig = true;
        });
        file = pipeline(stream, createWriteStream(path)).then(() => ({
          path,
          fileName: info.filename || 'upload.csv',
        }));
      });
      bb.on('error', (e) =>
        reject(new AppError('VALIDATION', `The upload is not valid multipart data: ${(e as Error).message}`)),
      );
      bb.on('close', () => {
        if (!file) {
          reject(AppError.invalid('file', 'attach the file to import as a field named "file"'));
          return;
        }
        file.then((f) => {
          if (tooBig)
            reject(
              new AppError(
                'PAYLOAD_TOO_LARGE',
                `${f.fileName} is larger than the import limit of ${Math.round(maxBytes / 1024 / 1024)} MB`,
              ),
            );
          else resolve({ ...f, fields, dir });
        }, reject);
      });
      req.pipe(bb);
    });
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

export function importRoutes({ store, feed, config }: AppDeps): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/imports',
      tag: 'import',
      consumes: 'multipart/form-data',
      response: ImportReportSchema,
      summary: 'Import a LinkedIn export (zip or CSV) or a contacts CSV; dryRun=true previews without writing',
      handler: async ({ workspaceId, principal, req, res }) => {
        const upload = await receive(req, config.importMaxBytes);
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
          const report = await importFile(
            store,
            workspaceId,
            {
              path: upload.path,
              fileName: upload.fileName,
              dryRun: f.dryRun ?? false,
              acceptValidRows: f.acceptValidRows ?? false,
              ...(f.meName ? { me: { name: f.meName, linkedinUrl: f.meUrl ?? null, email: f.meEmail ?? null } } : {}),
              ...(f.mapping !== undefined ? { mapping: f.mapping as never } : {}),
            },
            { maxBytes: config.importMaxBytes },
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
          await rm(upload.dir, { recursive: true, force: true });
        }
      },
    }),
  ];
}
