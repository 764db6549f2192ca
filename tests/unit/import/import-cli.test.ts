import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCliSandbox } from '../../fixtures/cli.js';
import { ImportReportSchema } from '../../../shared/index.js';
import { connectionsCsv } from '../../fixtures/import/linkedin-files.js';

const sandbox = importCliSandbox('nurture-import-cli-');
const { dir, cli, file } = sandbox;

const good = connectionsCsv(
  [
    {
      firstName: 'Zoë',
      lastName: 'Ångström',
      url: 'https://www.linkedin.com/in/zoe',
      company: 'Acme',
      connectedOn: '2020-02-14',
    },
    { firstName: 'Yusuf', lastName: 'Ali', url: 'https://www.linkedin.com/in/yusuf', connectedOn: '2021-01-01' },
  ],
  { preamble: true, hidden: ['2022-01-01'] },
);
const bad = connectionsCsv(
  [
    { firstName: 'Ann', lastName: 'Lee', url: 'https://www.linkedin.com/in/ann', connectedOn: '2020-02-14' },
    { firstName: 'Bad', lastName: 'Date', connectedOn: '2020-02-15' },
    { firstName: 'Bad', lastName: 'Mail', email: 'nope@', connectedOn: '2020-02-14' },
  ],
  { preamble: true },
).replace('15 Feb 2020', 'the 14th');

describe('nurture import (CLI)', () => {
  it('fails with exit code 1 and a message for a missing file, a PNG, and an unknown owner', async () => {
    const missing = await cli(join(dir, 'nope.csv'));
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toContain('Import failed: no such file');
    const png = await cli(
      file('Connections.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])),
      '--json',
    );
    expect(png.code).toBe(1);
    expect(JSON.parse(png.stdout)).toEqual({
      error: {
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Connections.csv is not a CSV file: it is a PNG image',
        file: 'Connections.csv',
      },
    });
    const noMe = await cli(file('Connections.csv', good));
    expect(noMe.code).toBe(1);
    expect(noMe.stderr).toContain('--me-name');
  });

  it('names the rejected rows, writes nothing, and exits 1; with --accept-valid-rows it imports the rest and exits 2', async () => {
    const path = file('Connections.csv', bad);
    const refused = await cli(path, '--me-name', 'Me Myself');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('Nothing was written from Connections.csv: 1 row was rejected');
    expect(refused.stdout).toContain('line 6: Connected On "the 14th" is not a date');
    expect(refused.stdout).toContain('line 7: Email Address "nope@" is not an email address: left out');
    const json = await cli(path, '--json', '--me-name', 'Me Myself');
    expect(JSON.parse(json.stdout)).toMatchObject({
      written: false,
      rejected: [{ line: 6, reason: 'Connected On "the 14th" is not a date' }],
      warnings: [{ line: 7, message: 'Email Address "nope@" is not an email address: left out' }],
    });
    const accepted = await cli(
      path,
      '--json',
      '--accept-valid-rows',
      '--me-name',
      'Me Myself',
      '--me-url',
      'https://www.linkedin.com/in/me',
    );
    expect(accepted.code).toBe(2);
    expect(JSON.parse(accepted.stdout)).toMatchObject({ written: true, new: 2, rejected: [{ line: 6 }] });
  });

  it('prints one JSON report with --json, and a summary table otherwise; --dry-run writes nothing', async () => {
    const path = file('Connections.csv', good);
    const dry = await cli(path, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run of Connections.csv (LinkedIn connections): nothing was written.');
    expect(dry.stdout).toMatch(/people new\s+2/);
    expect(dry.stdout).toMatch(/hidden members\s+1/);
    const run = await cli(path, '--json');
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    const report = ImportReportSchema.parse(JSON.parse(run.stdout));
    expect(report).toMatchObject({
      new: 2,
      updated: 0,
      unchanged: 0,
      hidden: 1,
      interactions: 0,
      rejected: [],
      written: true,
    });
    const again = await cli(path);
    expect(again.stdout).toContain('Imported Connections.csv (LinkedIn connections).');
    expect(again.stdout).toMatch(/people unchanged\s+2/);
  });

  it('maps contacts columns with --map and refuses a bad --map', async () => {
    const path = file('crm.csv', 'Kontakt,Mail\nAnn Lee,ann@x.io\n');
    const r = await cli(path, '--json', '--map', 'name=Kontakt', '--map', 'emails=Mail');
    // Ann Lee is on file (a connection, imported above): the one person with that name, and nothing says otherwise.
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'contacts', new: 0, updated: 1 });
    const badMap = await cli(path, '--map', 'nonsense');
    expect(badMap).toMatchObject({ code: 1 });
    expect(badMap.stderr).toContain('--map expects field=column');
  });
});
