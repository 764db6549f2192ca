/**
 * Calendar and mailbox import benchmark (issue 18). Targets: a mailbox of 100,000 messages
 * (headers read, bodies skipped) imported in under 10 s with under 300 MB RSS; a calendar of
 * 5,000 events in under 2 s. Each import runs in a child process of its own, so its peak RSS is
 * its own (the figure includes Node, tsx and the modules loaded: printed as the baseline). The
 * files are generated first (not counted), then each import is repeated on a fresh SQLite store:
 * the machine is shared, so the range is printed. Asserts nothing.
 *
 *   npx tsx bench/evidence-import.bench.ts [--messages 100000] [--events 5000] [--runs 3] [--only mbox|calendar]
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type MailSpec, calendar, mboxMessage, type EventSpec } from '../tests/fixtures/import/evidence-files.js';

const OWNER = 'sam@owner.example';
const NOW = new Date('2026-12-01T00:00:00Z');

/** A seeded generator (LCG), so every run writes the same files. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS =
  'the referral partner meeting coffee breakfast chamber introduction proposal invoice thanks next week From here'.split(
    ' ',
  );

export async function writeMbox(path: string, messages: number): Promise<void> {
  const rnd = lcg(42);
  const out = createWriteStream(path);
  const people = 600;
  const start = Date.parse('2016-12-01T00:00:00Z');
  const span = NOW.getTime() - start;
  let batch: string[] = [];
  let lastId: string[] = [];
  for (let i = 0; i < messages; i++) {
    const p = Math.floor(rnd() * people);
    const at = new Date(start + (i / messages) * span);
    const kind = rnd();
    const body = Array.from({ length: 20 + Math.floor(rnd() * 30) }, () =>
      Array.from({ length: 8 + Math.floor(rnd() * 8) }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(' '),
    ).join('\n');
    const msg: MailSpec = {
      from: `Person ${p} <p${p}@corp${p % 40}.example>`,
      to: [`Sam Owner <${OWNER}>`],
      date: at.toUTCString().replace('GMT', '+0000'),
      messageId: `<m${i}@bench.example>`,
      body,
    };
    if (kind < 0.35) {
      msg.from = `Sam Owner <${OWNER}>`;
      msg.to = [`Person ${p} <p${p}@corp${p % 40}.example>`];
      if (rnd() < 0.3) msg.cc = [`Person ${(p + 1) % people} <p${(p + 1) % people}@corp${(p + 1) % 40}.example>`];
    }
    if (kind >= 0.35 && kind < 0.5 && lastId[p % 50]) {
      msg.inReplyTo = lastId[p % 50];
      msg.references = [lastId[p % 50]!];
    }
    if (kind >= 0.75 && kind < 0.9) msg.extraHeaders = ['List-Unsubscribe: <mailto:u@news.example>'];
    if (kind >= 0.9) msg.from = `Shop <no-reply@shop${p % 10}.example>`;
    lastId[p % 50] = msg.messageId!;
    batch.push(mboxMessage(msg, true));
    if (batch.length === 500) {
      if (!out.write(batch.join(''))) await once(out, 'drain');
      batch = [];
    }
  }
  out.write(batch.join(''));
  out.end();
  await once(out, 'finish');
  lastId = [];
}

export function writeCalendar(path: string, events: number): Promise<void> {
  const rnd = lcg(7);
  const list: EventSpec[] = [];
  const pad = (n: number) => String(n).padStart(2, '0');
  const local = (d: Date) =>
    `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}0000`;
  const start = Date.parse('2022-01-03T09:00:00Z');
  for (let i = 0; i < events; i++) {
    const p = Math.floor(rnd() * 400);
    const d = new Date(start + Math.floor((rnd() * (NOW.getTime() - start - 86_400_000)) / 3_600_000) * 3_600_000);
    const series = i % 50 === 0;
    list.push({
      uid: `e${i}@bench.example`,
      start: local(d),
      ...(series ? { rrule: 'FREQ=WEEKLY;COUNT=52' } : {}),
      location: ['Café Central', 'https://zoom.us/j/123', '+49 30 1234567', ''][i % 4]!,
      organizer: { email: i % 3 === 0 ? OWNER : `p${p}@corp${p % 40}.example`, cn: `Person ${p}` },
      attendees: [
        { email: OWNER, cn: 'Sam Owner', partstat: i % 17 === 0 ? 'DECLINED' : 'ACCEPTED' },
        { email: `p${p}@corp${p % 40}.example`, cn: `Person ${p}` },
        { email: `p${(p + 7) % 400}@corp${(p + 7) % 40}.example`, partstat: i % 5 === 0 ? 'DECLINED' : 'ACCEPTED' },
      ],
      ...(i % 41 === 0 ? { status: 'CANCELLED' as const } : {}),
    });
  }
  const out = createWriteStream(path);
  out.end(calendar(OWNER, list));
  return once(out, 'finish').then(() => undefined);
}

/** The child: one import into a fresh SQLite store; prints its figures as JSON. */
async function child(kind: 'import' | 'parse', file: string): Promise<void> {
  const baseline = process.memoryUsage().rss;
  const { importFile } = await import('../server/import/import.service.js');
  const { parseMbox } = await import('../server/import/parsers/mbox.parser.js');
  const { parseCalendar } = await import('../server/import/parsers/icalendar.parser.js');
  const { SqliteStore } = await import('../server/store/sqlite/sqlite-store.js');
  const loaded = process.memoryUsage().rss;
  const dir = mkdtempSync(join(tmpdir(), 'nurture-evidence-bench-'));
  try {
    const store = new SqliteStore({ dataDir: dir });
    await store.init();
    const ws = await store.createWorkspace({ name: 'bench' });
    const t = performance.now();
    const cpu = process.cpuUsage();
    let detail: Record<string, unknown> = {};
    if (kind === 'parse') {
      const stream = createReadStream(file, { highWaterMark: 64 * 1024 });
      const r = file.endsWith('.mbox')
        ? await parseMbox(stream, { file, now: NOW })
        : await parseCalendar(stream, { file, now: NOW });
      detail = { read: r.read, rows: r.rows.length };
    } else {
      const r = await importFile(
        store,
        ws.id,
        { path: file, fileName: file.split('/').pop()!, meEmails: [OWNER], acceptValidRows: true },
        { maxBytes: 4 * 1024 ** 3, now: NOW },
      );
      detail = { new: r.new, interactions: r.interactions, read: r.evidence?.read, leftOut: r.evidence?.leftOut };
    }
    const ms = performance.now() - t;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    await store.close();
    console.log(
      JSON.stringify({
        ms,
        cpuMs,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
        baselineMb: baseline / 1024 ** 2,
        loadedMb: loaded / 1024 ** 2,
        ...detail,
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const range = (xs: number[], digits = 0) =>
  `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)} (median ${[...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(digits)})`;

export async function main(argv: string[] = []): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      messages: { type: 'string', default: '100000' },
      events: { type: 'string', default: '5000' },
      runs: { type: 'string', default: '3' },
      only: { type: 'string' },
    },
  });
  const runs = Number(values.runs);
  const dir = mkdtempSync(join(tmpdir(), 'nurture-evidence-files-'));
  const here = fileURLToPath(import.meta.url);
  const tsx = join(dirname(here), '..', 'node_modules', '.bin', 'tsx');
  try {
    const mbox = join(dir, 'All mail.mbox');
    const ics = join(dir, 'calendar.ics');
    let t = performance.now();
    const wanted = (what: 'mbox' | 'calendar') => values.only === undefined || values.only === what;
    if (wanted('mbox')) await writeMbox(mbox, Number(values.messages));
    else await writeMbox(mbox, 1);
    await writeCalendar(ics, Number(values.events));
    console.log(
      `files: mbox of ${wanted('mbox') ? values.messages : 1} messages, ${(statSync(mbox).size / 1024 ** 2).toFixed(0)} MB; calendar of ${values.events} events, ${(statSync(ics).size / 1024 ** 2).toFixed(1)} MB (written in ${Math.round(performance.now() - t)} ms, not counted)`,
    );
    console.log(
      `load average at start: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    for (const [label, file, kind] of [
      ['mbox: headers only, parsed', mbox, 'parse'],
      ['mbox: imported into SQLite', mbox, 'import'],
      ['calendar: parsed and expanded', ics, 'parse'],
      ['calendar: imported into SQLite', ics, 'import'],
    ] as const) {
      if (!wanted(file === mbox ? 'mbox' : 'calendar')) continue;
      const ms: number[] = [];
      const cpu: number[] = [];
      const rss: number[] = [];
      let last: Record<string, unknown> = {};
      for (let i = 0; i < runs; i++) {
        t = performance.now();
        const r = spawnSync(tsx, [here, '--child', kind, file], { encoding: 'utf8', maxBuffer: 1 << 24 });
        if (r.status !== 0) {
          console.log(`${label}: failed\n${r.stderr}`);
          break;
        }
        last = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
        ms.push(last.ms as number);
        cpu.push(last.cpuMs as number);
        rss.push(last.peakRssMb as number);
      }
      if (ms.length === 0) continue;
      const { ms: _m, cpuMs: _c, peakRssMb: _p, baselineMb, loadedMb, ...detail } = last;
      console.log(
        `${label}: ${range(ms)} ms wall, ${range(cpu)} ms CPU, peak RSS ${range(rss)} MB (process with modules loaded: ${(loadedMb as number).toFixed(0)} MB; at start ${(baselineMb as number).toFixed(0)} MB) ${JSON.stringify(detail)}`,
      );
    }
    console.log(
      `load average at end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') await child(argv[1] as 'import' | 'parse', argv[2]!);
else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main(argv);
