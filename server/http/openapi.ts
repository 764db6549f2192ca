/**
 * The OpenAPI 3.1 document, generated from the route declarations and the
 * shared zod schemas (never written by hand): components come from every
 * schema registered with an id, parameters from each route's query schema.
 */
import { z } from 'zod';
import type { RouteSpec } from './route.js';

type Json = Record<string, unknown>;
const REF = (id: string) => `#/components/schemas/${id}`;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  const id = z.globalRegistry.get(schema)?.id;
  if (id) return { $ref: REF(id) };
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  // Registered schemas nested inside come out as $defs; point them at the shared components instead.
  delete json.$defs;
  rewriteRefs(json);
  delete json.$schema;
  return json;
}

function rewriteRefs(node: unknown): void {
  if (Array.isArray(node)) node.forEach(rewriteRefs);
  else if (node && typeof node === 'object') {
    const o = node as Json;
    if (typeof o.$ref === 'string') o.$ref = o.$ref.replace(/^#\/\$defs\//, '#/components/schemas/');
    Object.values(o).forEach(rewriteRefs);
  }
}

function parametersOf(spec: RouteSpec): Json[] {
  const params: Json[] = [];
  for (const name of [...spec.path.matchAll(/:(\w+)/g)].map((m) => m[1]!)) {
    params.push({ name, in: 'path', required: true, schema: { type: 'string' } });
  }
  const shape = (spec.query as z.ZodObject | undefined)?.shape as Record<string, z.ZodType> | undefined;
  for (const [name, field] of Object.entries(shape ?? {})) {
    const optional = field.safeParse(undefined).success;
    params.push({ name, in: 'query', required: !optional, schema: schemaOf(field, 'input') });
  }
  return params;
}

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: REF('Problem') } } },
});

export function buildOpenApi(specs: RouteSpec[], info: { version: string }): Json {
  const components = z.toJSONSchema(z.globalRegistry, {
    uri: REF,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as {
    schemas: Record<string, Json>;
  };
  for (const s of Object.values(components.schemas)) {
    delete s.$schema;
    delete s.$id;
  }
  const paths: Record<string, Json> = {};
  for (const spec of specs) {
    const path = `/api/v1${spec.path.replace(/:(\w+)/g, '{$1}')}`;
    const status = String(spec.status ?? 200);
    const responses: Json = {
      [status]:
        spec.status === 204
          ? { description: 'Done' }
          : {
              description: 'Success',
              // A route may hand over its JSON already serialised (produces application/json): same schema.
              content:
                spec.produces && spec.produces !== 'application/json'
                  ? { [spec.produces]: { schema: { type: 'string' } } }
                  : { 'application/json': { schema: spec.response ? schemaOf(spec.response, 'output') : {} } },
            },
      ...(spec.body || spec.query || spec.params ? { 400: problem('Invalid input, with the field paths') } : {}),
      ...(spec.path.includes(':') ? { 404: problem('No such record in this workspace') } : {}),
      ...(spec.method === 'post' || spec.method === 'patch'
        ? { 409: problem('Conflicts with an existing record'), 413: problem('Body too large') }
        : {}),
      503: problem('The store is unavailable; retry later'),
    };
    const op: Json = {
      operationId: `${spec.method}${spec.path.replace(/[/:-](\w)/g, (_, c: string) => c.toUpperCase())}`,
      summary: spec.summary,
      tags: [spec.tag],
      parameters: parametersOf(spec),
      responses,
    };
    if (spec.body) {
      op.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(spec.body, 'input') } } };
    } else if (spec.consumes) {
      op.requestBody = { required: true, content: { [spec.consumes]: { schema: { type: 'object' } } } };
    }
    paths[path] = { ...(paths[path] ?? {}), [spec.method]: op };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Nurture API',
      version: info.version,
      description:
        'Referral-partner graph analytics: contacts, activity, consent, imports and analytics of one workspace.',
    },
    servers: [{ url: '/' }],
    paths,
    components: { schemas: components.schemas },
  };
}
