/**
 * Weekly report benchmark: a workspace of 30,000 people (LinkedIn ties from
 * me, 30,000 ties among them, ~100,000 interactions over two years, and
 * referrals, introductions, pitches, subscriptions and consents), written
 * through the store (applyImport and the repositories), then reports made.
 *
 *   npx tsx bench/report.bench.ts [--people N] [--interactions N]
 *
 * Target (issue 7): a report in every format in < 5 s on this machine,
 * data generation excluded. The figure includes everything a scheduled run
 * does: reading the snapshot from SQLite, cutting it at the week's end, the
 * full analysis as of that instant (a report computes its own), building
 * and validating the report, storing it, and rendering HTML, Markdown and
 * CSV into the outbox (plus JSON). Wall and CPU time are both printed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Channel } from '../shared/index.js';
import { lcg } from '../shared/domain/random.js';
import { analyzeWeek, buildWeeklyReport } from '../server/reports/build-report.js';
import { weekRange } from '../server/reports/iso-week.js';
import { renderReport } from '../server/reports/render/render-report.js';
import { ReportService } from '../server/reports/report.service.js';
import { SqliteStore } from '../server/store/sqlite/sqlite-store.js';
import type { ImportInteraction, ImportPerson, ImportTie, Store } from '../server/store/store.port.js';

const DAY = 86_400_000;
const TZ = 'Europe/Berlin';
/** Monday 07:00 in Berlin after 2026-W47, and the two weeks after: one fresh week per timed run. */
const RUNS = [
  { week: '2026-W47', now: Date.parse('2026-11-23T06:00:00Z') },
  { week: '2026-W48', now: Date.parse('2026-11-30T06:00:00Z') },
  { week: '2026-W49', now: Date.parse('2026-12-07T06:00:00Z') },
];
const CHANNELS: Channel[] = ['in_person', 'video', 'call', 'email', 'message', 'event', 'social'];

interface Timing {
  wall: number;
  cpu: number;
}

async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T } & Timing> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await fn();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { value, wall, cpu: (used.user + used.system) / 1000 };
}

const ms = (x: number) => `${Math.round(x).toLocaleString('en')} ms`;
const fmt = (t: Timing) => `${ms(t.wall)} wall (cpu ${ms(t.cpu)})`;
const line = (label: string, value: string) => console.log(`  ${label.padEnd(62)} ${value}`);
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Writes the workspace; returns what it wrote. */
async function generate(
  store: Store,
  ws: string,
  people: number,
  interactions: number,
): Promise<Record<string, number>> {
  const random = lcg(48);
  const end = RUNS[RUNS.length - 1]!.now;
  const start = end - 730 * DAY;
  const rows: ImportPerson[] = [
    { name: 'Bench Owner', isMe: true, linkedinUrl: 'https://www.linkedin.com/in/bench-owner', source: 'bench' },
  ];
  for (let i = 1; i <= people; i++) {
    // Most connected long ago; a few hundred in the benchmark weeks, so growth has something to count.
    const connected = i % 100 === 0 ? end - Math.floor(random() * 21) * DAY : start - Math.floor(random() * 3000) * DAY;
    rows.push({
      name: `Person ${i}`,
      linkedinUrl: `https://www.linkedin.com/in/bench-person-${i}`,
      company: `Company ${i % 700}`,
      connectedOn: day(connected),
      source: 'bench',
    });
  }
  const ties: ImportTie[] = [];
  for (let i = 1; i <= people; i++)
    ties.push({ a: { row: 0 }, b: { row: i }, kind: 'linkedin', since: rows[i]!.connectedOn ?? null, source: 'bench' });
  for (let k = 0; k < people; k++) {
    const a = 1 + Math.floor(random() * people);
    const b = 1 + ((a + 1 + Math.floor(random() * 300)) % people);
    if (a !== b) ties.push({ a: { row: a }, b: { row: b }, kind: 'knows', since: null, source: 'bench' });
  }
  // Interactions concentrate on an inner circle (as real networks do): a tenth of the people get most of them.
  const inner = Math.max(1, Math.floor(people / 10));
  const its: ImportInteraction[] = [];
  for (let k = 0; k < interactions; k++) {
    const other = random() < 0.8 ? 1 + Math.floor(random() * inner) : 1 + Math.floor(random() * people);
    const at = start + Math.floor(random() * (end - start - 7 * DAY));
    const peer = random() < 0.1;
    const participants = peer ? [{ row: other }, { row: 1 + ((other + 7) % people) }] : [{ row: 0 }, { row: other }];
    its.push({
      participants,
      initiator: participants[random() < 0.5 ? 0 : 1]!,
      occurredAt: new Date(at).toISOString(),
      channel: CHANNELS[Math.floor(random() * CHANNELS.length)]!,
      source: 'bench',
      externalId: `bench-${k}`,
    });
  }
  const imported = await store.applyImport(ws, { people: rows, ties, interactions: its });
  const id = (row: number) => imported.rows[row]!.id;
  const me = id(0);
  const pick = () => id(1 + Math.floor(random() * inner));
  const when = () => day(start + Math.floor(random() * (end - start - 7 * DAY)));
  let referrals = 0,
    introductions = 0,
    pitches = 0,
    subscriptions = 0,
    consents = 0;
  for (let k = 0; k < 1500; k++) {
    const p = pick();
    const given = random() < 0.4;
    await store.referrals.create(ws, {
      referrerId: given ? me : p,
      recipientId: given ? p : me,
      date: when(),
      status: (['open', 'won', 'lost'] as const)[k % 3]!,
      value: k % 3 === 1 ? 500 + Math.floor(random() * 10_000) : null,
      currency: k % 3 === 1 ? 'EUR' : null,
      prospectName: `Prospect ${k}`,
    });
    referrals++;
  }
  for (let k = 0; k < 1500; k++) {
    const a = pick();
    let b = pick();
    if (b === a) b = id(1 + ((k * 7919) % people));
    if (b === a || b === me) continue;
    const mine = random() < 0.5;
    await store.introductions.create(
      ws,
      mine
        ? { introducerId: me, aId: a, bId: b, date: when(), outcome: 'met' }
        : { introducerId: a, aId: me, bId: b, date: when(), outcome: 'pending' },
    );
    introductions++;
  }
  for (let k = 0; k < 1000; k++) {
    await store.pitches.create(ws, {
      pitcherId: me,
      personId: id(1 + Math.floor(random() * people)),
      date: when(),
      kind: k % 4 === 0 ? 'referral_request' : 'pitch',
      askedForIt: k % 5 === 0,
      needExpressed: k % 3 === 0,
    });
    pitches++;
  }
  const list = await store.mailingLists.create(ws, { name: 'Newsletter' });
  for (let k = 0; k < 3000; k++) {
    const person = id(1 + ((k * 104_729) % people));
    const subscribed = when();
    if (k % 2 === 0) {
      await store.consents.create(ws, { personId: person, listId: list.id, status: 'granted', date: subscribed });
      consents++;
    }
    await store.subscriptions.create(ws, { listId: list.id, personId: person, subscribedAt: subscribed });
    subscriptions++;
  }
  return {
    people: people + 1,
    ties: ties.length,
    interactions: its.length,
    referrals,
    introductions,
    pitches,
    subscriptions,
    consents,
  };
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const arg = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const people = arg('people', 30_000);
  const interactions = arg('interactions', 100_000);
  console.log(
    `Nurture weekly report benchmark: node ${process.version}, ${cpus().length} cores, load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'nurture-report-bench-'));
  const store = new SqliteStore({ dataDir: dir });
  try {
    await store.init();
    const ws = (await store.createWorkspace({ name: 'Bench', timeZone: TZ })).id;
    const gen = await timed(() => generate(store, ws, people, interactions));
    console.log(
      `\n# Workspace: ${Object.entries(gen.value)
        .map(([k, v]) => `${v.toLocaleString('en')} ${k}`)
        .join(', ')}`,
    );
    line('generated through the store (not part of the figures)', fmt(gen));

    console.log(
      '\n# One report, end to end (as a scheduled run: snapshot, analysis, build, store, HTML+MD+CSV to the outbox, + JSON)   target < 5,000 ms',
    );
    let bytes: Record<string, number> = {};
    for (const [i, run] of RUNS.entries()) {
      const service = new ReportService({
        store,
        settings: {
          cron: null,
          timeZone: null,
          outboxDir: join(dir, 'outbox'),
          smtpUrl: null,
          mailFrom: 'n <n@example.com>',
        },
        now: () => run.now,
      });
      const t = await timed(async () => {
        const g = await service.generate(ws, run.week);
        const json = renderReport(g.report, 'json');
        return { g, json };
      });
      service.close();
      if (!t.value.g.created) throw new Error(`the ${run.week} report already existed`);
      line(
        `${run.week}${i === 0 ? ' (first run, cold JIT)' : ''}${t.value.g.report.comparedWith ? `, against ${t.value.g.report.comparedWith}` : ''}`,
        fmt(t),
      );
      const r = t.value.g.report;
      bytes = Object.fromEntries((['html', 'md', 'csv'] as const).map((f) => [f, renderReport(r, f).length]));
      bytes.json = t.value.json.length;
      if (i === RUNS.length - 1) {
        line(
          'report',
          `${r.summary.people.toLocaleString('en')} people, ${r.summary.ties.toLocaleString('en')} ties scored, ${r.partners.total.toLocaleString('en')} ranked, do-not-pitch ${r.actions.doNotPitchYet.total.toLocaleString('en')}, mistakes on record ${r.mistakes.onRecord.toLocaleString('en')}`,
        );
      }
    }
    line(
      'sizes',
      Object.entries(bytes)
        .map(([k, v]) => `${k} ${(v / 1024).toFixed(0)} KB`)
        .join(', '),
    );

    console.log('\n# Where the time goes (same workspace, 2026-W49 again, pure steps)');
    const last = RUNS[RUNS.length - 1]!;
    const range = weekRange(last.week, TZ);
    const snap = await timed(() => store.snapshot(ws));
    line('read the snapshot (SQLite)', fmt(snap));
    const analysed = await timed(() => analyzeWeek(snap.value, range));
    line("cut at the week's end + analysis as of then", fmt(analysed));
    line('  of which the analysis (its own figure)', ms(analysed.value.analysis?.summary.durationMs ?? 0));
    const previous = JSON.parse((await store.reports.get(ws, RUNS[RUNS.length - 2]!.week))!.json);
    const built = await timed(() =>
      buildWeeklyReport({
        range,
        timeZone: TZ,
        week: analysed.value,
        previous,
        generatedAt: new Date(last.now).toISOString(),
      }),
    );
    line('build the report', fmt(built));
    for (const f of ['html', 'md', 'csv', 'json'] as const)
      line(`render ${f}`, fmt(await timed(() => renderReport(built.value, f))));
    line(
      'peak RSS of this process (generation included)',
      `${Math.round((process.resourceUsage().maxRSS * 1024) / 1e6)} MB`,
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
