import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportReportSchema } from '../../shared/index.js';
import { startApi, uploadForm, type RunningApi } from './start-api.js';

const CONNECTIONS = [
  'Notes:',
  '"When exporting your connection data, you may notice that some of the email addresses are missing."',
  '',
  'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
  'Ana,Lima,https://www.linkedin.com/in/ana-lima,,Acme,CEO,14 Feb 2020',
  'Björn,Åberg,https://www.linkedin.com/in/bj%C3%B6rn-aberg,bjorn@example.com,"Nordic, AB",CTO,3 Mar 2021',
  ',,,,,,5 Jan 2022',
].join('\r\n');

/** A Connections.csv (or another file) upload with these form fields. */
const upload = (text: string, fields: Record<string, string> = {}, name = 'Connections.csv'): FormData =>
  uploadForm(text, name, fields);

let api: RunningApi;
beforeAll(async () => {
  api = await startApi({ env: { NURTURE_IMPORT_MAX_BYTES: '4096' } });
});
afterAll(async () => api.close());

describe('POST /api/v1/imports', () => {
  it('answers 415 for a body that is not multipart, and 400 without a file', async () => {
    const json = await api.call('POST', '/api/v1/imports', { file: 'x' });
    expect(json.status).toBe(415);
    const form = new FormData();
    form.set('dryRun', 'true');
    const noFile = await api.call('POST', '/api/v1/imports', form);
    expect(noFile.status).toBe(400);
    expect(noFile.body.errors[0].path).toBe('file');
  });
  it('answers 413 over the import limit and writes nothing', async () => {
    const big = `${CONNECTIONS}\r\n${'Zed,Zed,https://www.linkedin.com/in/zed,,Z,Z,1 Jan 2020\r\n'.repeat(200)}`;
    const r = await api.call('POST', '/api/v1/imports', upload(big, { meName: 'Me' }));
    expect(r.status).toBe(413);
    expect((await api.call('GET', '/api/v1/people')).body.total).toBe(0);
  });
  it('rejects bad form fields with their path', async () => {
    const r = await api.call('POST', '/api/v1/imports', upload(CONNECTIONS, { dryRun: 'maybe' }));
    expect(r.status).toBe(400);
    expect(r.body.errors[0].path).toBe('form.dryRun');
  });
  it('previews with a dry run, then imports, then re-imports without changes', async () => {
    const dry = await api.call('POST', '/api/v1/imports', upload(CONNECTIONS, { dryRun: 'true', meName: 'Sam Owner' }));
    expect(dry.status).toBe(200);
    const report = ImportReportSchema.parse(dry.body);
    expect(report).toMatchObject({
      kind: 'linkedin-connections',
      dryRun: true,
      written: false,
      new: 2,
      updated: 0,
      hidden: 1,
      rejected: [],
    });
    expect(report.preview.map((p) => p.name)).toEqual(['Ana Lima', 'Björn Åberg']);
    expect((await api.call('GET', '/api/v1/people')).body.total).toBe(0);

    const real = await api.call('POST', '/api/v1/imports', upload(CONNECTIONS, { meName: 'Sam Owner' }));
    expect(real.status).toBe(201);
    expect(real.body).toMatchObject({ written: true, new: 2, ties: 2 });
    const people = await api.call('GET', '/api/v1/people?sort=name');
    expect(people.body.items.map((p: { name: string }) => p.name)).toEqual(['Ana Lima', 'Björn Åberg', 'Sam Owner']);
    expect((await api.call('GET', '/api/v1/me')).body.name).toBe('Sam Owner');
    // Each company became an organisation, so introduction paths to a company work straight away.
    expect(real.body.organizations).toBe(2);
    const orgs = (await api.call('GET', '/api/v1/organizations')).body.items as { id: string; name: string }[];
    expect(orgs.map((o) => o.name)).toEqual(['Acme', 'Nordic, AB']);
    const ana = people.body.items.find((p: { name: string }) => p.name === 'Ana Lima');
    expect(ana.organizationId).toBe(orgs[0]!.id);
    // A LinkedIn connection alone is too weak to introduce through; a meeting makes the tie count.
    const met = await api.call('POST', '/api/v1/interactions', {
      occurredAt: new Date().toISOString(),
      channel: 'in_person',
      participantIds: [ana.id],
    });
    expect(met.status).toBe(201);
    const paths = await api.call('GET', `/api/v1/analytics/paths?organizationId=${orgs[0]!.id}`);
    expect(paths.body).toMatchObject({ targetId: orgs[0]!.id, targetKind: 'organization' });
    expect(paths.body.paths.length).toBeGreaterThan(0);
    for (const path of paths.body.paths as { personIds: string[] }[]) expect(path.personIds.at(-1)).toBe(ana.id);
    const whoKnows = await api.call('GET', `/api/v1/analytics/who-knows?organizationId=${orgs[0]!.id}`);
    expect(whoKnows.body.ties.map((t: { name: string }) => t.name)).toEqual(['Ana Lima']);

    const again = await api.call('POST', '/api/v1/imports', upload(CONNECTIONS));
    expect(again.body).toMatchObject({ written: true, new: 0, updated: 0, unchanged: 2, organizations: 0 });
    const imports = await api.call('GET', '/api/v1/imports');
    expect(imports.body.total).toBe(2);
    expect(imports.body.items[0]).toMatchObject({ fileName: 'Connections.csv', kind: 'linkedin-connections' });
    const audit = await api.call('GET', '/api/v1/audit');
    expect(audit.body.items.filter((e: { action: string }) => e.action === 'import')).toHaveLength(2);
  });
  it('writes nothing when a row is rejected, and lists the row with its line', async () => {
    const bad = `${CONNECTIONS}\r\nCarla,Bad,https://www.linkedin.com/in/carla,not-an-email,C,D,the other day`;
    const r = await api.call('POST', '/api/v1/imports', upload(bad));
    expect(r.status).toBe(200);
    expect(r.body.written).toBe(false);
    expect(r.body.rejected).toEqual([{ line: 8, reason: 'Connected On "the other day" is not a date' }]);
    expect((await api.call('GET', '/api/v1/people?q=carla')).body.total).toBe(0);
  });
});
