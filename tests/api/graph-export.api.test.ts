/** GET /api/v1/graph/export on the demo network: the same network as the explorer's, audited, errors named. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../../server/app.js';
import { loadDemoNetwork } from '../../server/demo/demo-network.js';
import { readZip } from '../fixtures/read-zip.js';
import { startApi, type RunningApi } from './start-api.js';

let api: RunningApi;
beforeAll(async () => {
  api = await startApi();
  await loadDemoNetwork(api.store, DEFAULT_WORKSPACE_ID, { seed: 7 });
});
afterAll(async () => api.close());

async function raw(path: string): Promise<Response> {
  return fetch(`${api.base}${path}`, { headers: { authorization: `Bearer ${api.token}` } });
}

describe('graph export API', () => {
  it('refuses an unknown format with the field named, and asks for sign-in', async () => {
    const bad = await api.call('GET', '/api/v1/graph/export?format=dot');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('query.format');
    const none = await api.call('GET', '/api/v1/graph/export');
    expect(none.status).toBe(400);
    const anonymous = await api.call('GET', '/api/v1/graph/export?format=gexf', undefined, { anonymous: '1' });
    expect(anonymous.status).toBe(401);
  });

  it('streams GEXF with every person and tie of the explorer view, as an attachment, and audits it', async () => {
    const view = (await api.call('GET', '/api/v1/analytics/graph')).body;
    const res = await raw('/api/v1/graph/export?format=gexf');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/gexf\+xml/);
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="nurture-network-\d{4}-\d{2}-\d{2}\.gexf"/,
    );
    const text = await res.text();
    expect(XMLValidator.validate(text)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(text).gexf;
    expect(doc.graph.nodes.node).toHaveLength(view.people.id.length);
    expect(doc.graph.edges.edge).toHaveLength(view.ties.a.length);
    const audit = (await api.call('GET', '/api/v1/audit?limit=20')).body.items as {
      action: string;
      meta: Record<string, unknown>;
    }[];
    expect(audit.find((a) => a.action === 'graph.export')).toMatchObject({
      meta: { format: 'gexf', people: view.people.id.length, ties: view.ties.a.length },
    });
  });

  it('serves GraphML and the Neo4j zip, with minStrength applied to ties between others', async () => {
    const graphml = await raw('/api/v1/graph/export?format=graphml&minStrength=40');
    expect(graphml.headers.get('content-type')).toMatch(/^application\/graphml\+xml/);
    const view = (await api.call('GET', '/api/v1/analytics/graph?minStrength=40')).body;
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(await graphml.text()).graphml;
    expect(doc.graph.edge).toHaveLength(view.ties.a.length);
    const zip = await raw('/api/v1/graph/export?format=neo4j-csv');
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const files = await readZip(Buffer.from(await zip.arrayBuffer()));
    expect(files.get('people.csv')!.trim().split('\n')).toHaveLength(
      1 + (await api.call('GET', '/api/v1/analytics/graph')).body.people.id.length,
    );
  });
});

describe('vCard API', () => {
  it('answers 404 for an unknown person, and one card for a known one, audited', async () => {
    expect((await api.call('GET', '/api/v1/people/nope/vcard')).status).toBe(404);
    const someone = (await api.call('GET', '/api/v1/people?limit=1&sort=name')).body.items[0];
    const res = await raw(`/api/v1/people/${someone.id}/vcard`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/vcard; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="[A-Za-z0-9-]+\.vcf"/);
    const text = await res.text();
    expect(text.match(/BEGIN:VCARD/g)).toHaveLength(1);
    expect(text).toContain(`UID:urn:uuid:${someone.id}\r\n`);
    const audit = (await api.call('GET', '/api/v1/audit?limit=5')).body.items as { action: string; target: string }[];
    expect(audit.find((a) => a.action === 'vcard.export')?.target).toBe(`person:${someone.id}`);
  });

  it('streams the whole address book: one card per person', async () => {
    const total = (await api.call('GET', '/api/v1/people?limit=1')).body.total as number;
    const res = await raw('/api/v1/vcard');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="nurture-contacts.vcf"');
    const text = await res.text();
    expect(text.match(/^BEGIN:VCARD\r$/gm)).toHaveLength(total);
    expect(new Set(text.match(/^UID:.*$/gm)).size).toBe(total);
  });
});
