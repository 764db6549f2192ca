/**
 * Import benchmark: a generated LinkedIn export (30,000 connections, 100,000
 * messages in the 2026 shape) imported into a fresh store, then imported again.
 * Targets (issue 3): first import < 3 s on the embedded store (< 20 s on
 * Neo4j), peak RSS < 300 MB, re-import with nothing to change < 2 s.
 *
 *   npx tsx bench/import.bench.ts [--connections N] [--messages N] [--runs N]
 *
 * With --runs N the benchmark runs N times, each in a fresh process (so each
 * peak RSS is its own), and prints the median and the fastest of each figure:
 * on a shared 2-core machine one run's wall times vary by a third.
 *
 * The export is generated in a child process so that building it does not
 * count toward the importer's peak memory.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importFile } from '../server/import/import.service.js';
import { SqliteStore } from '../server/store/sqlite/sqlite-store.js';
import type { Store } from '../server/store/store.port.js';
import { csvField, linkedinDate } from '../tests/fixtures/import/linkedin-files.js';
import { writeZip } from '../tests/fixtures/import/write-zip.js';

export interface ImportBenchOptions {
  connections?: number;
  messages?: number;
  /** A fresh store in `dataDir` (default: SQLite). */
  openStore?: (dataDir: string) => Promise<Store>;
  /** Label printed with the figures. */
  storeName?: string;
  targets?: { importMs: number; reimportMs: number; rssMb: number };
}

export interface ImportBenchResult {
  store: string;
  zipBytes: number;
  importMs: number;
  reimportMs: number;
  /** Of which inside the store's applyImport. */
  importStoreMs: number;
  reimportStoreMs: number;
  /** CPU time of the process (all threads) during each import. */
  importCpuMs: number;
  reimportCpuMs: number;
  peakRssMb: number;
  people: number;
  interactions: number;
}

const ME_URL = 'https://www.linkedin.com/in/bench-owner';
const FIRST = [
  'Anna',
  'Ben',
  'Chloé',
  'Dmitri',
  'Émile',
  'Fatima',
  'Günther',
  'Hiro',
  'Ines',
  'José',
  'Kwame',
  'Lea',
  'Mehmet',
  'Nora',
  'Olu',
  'Priya',
  '王',
  'محمد',
  'Søren',
  'Zoë',
];
const LAST = [
  'Schmidt',
  'Núñez',
  'Okafor',
  'Smith, Jr.',
  'Müller',
  'Kowalski',
  '小明',
  'العلي',
  'O"Brien',
  'Dubois',
  'Rossi',
  'Tanaka',
];
const COMPANY = [
  'Acme GmbH',
  'Beta, Inc.',
  'Gamma "Labs"',
  'Delta AG',
  'Epsilon Ltd',
  '株式会社オメガ',
  'Zeta Partners',
];
const POSITION = ['CEO', 'Coach', 'Tax Advisor', 'Partner; Founder', 'Lawyer', 'Realtor', 'Agency Owner'];

/** Percent-encoded in Connections.csv, raw Unicode in messages.csv, as LinkedIn writes them. */
function slug(i: number): { encoded: string; raw: string } {
  const raw = i % 7 === 0 ? `zoë-${i}` : `person-${i}`;
  return {
    encoded: `https://www.linkedin.com/in/${encodeURIComponent(raw)}`,
    raw: `https://www.linkedin.com/in/${raw}`,
  };
}

function generate(dir: string, connections: number, messages: number): string {
  const names = (i: number) => ({ first: FIRST[i % FIRST.length]!, last: `${LAST[(i * 7) % LAST.length]!} ${i}` });
  const conn: string[] = [
    'Notes:',
    '"When exporting your connection data, you may notice that some of the email addresses are missing."',
    '',
    'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
  ];
  for (let i = 0; i < connections; i++) {
    const n = names(i);
    const day = new Date(Date.UTC(2012, 0, 1) + (i % 4000) * 86_400_000).toISOString().slice(0, 10);
    conn.push(
      [
        n.first,
        n.last,
        slug(i).encoded,
        i % 10 === 0 ? `p${i}@example.com` : '',
        COMPANY[i % COMPANY.length]!,
        POSITION[i % POSITION.length]!,
        linkedinDate(day),
      ]
        .map((f) => csvField(f))
        .join(','),
    );
  }
  const header = [
    'CONVERSATION ID',
    'CONVERSATION TITLE',
    'FROM',
    'SENDER PROFILE URL',
    'TO',
    'RECIPIENT PROFILE URLS',
    'DATE',
    'SUBJECT',
    'CONTENT',
    'FOLDER',
    'ATTACHMENTS',
    'IS MESSAGE DRAFT',
    'IS CONVERSATION DRAFT',
  ];
  const msgs: string[] = [header.map((h) => csvField(h, ',', true)).join(',')];
  const start = Date.UTC(2021, 0, 1);
  for (let m = 0; m < messages; m++) {
    const other = (m * 7919) % connections;
    const n = names(other);
    const fromMe = m % 2 === 0;
    const at = new Date(start + m * 600_000).toISOString();
    const row = [
      `2-conv-${other}`,
      '',
      fromMe ? 'Bench Owner' : `${n.first} ${n.last}`,
      fromMe ? ME_URL : slug(other).raw,
      fromMe ? `${n.first} ${n.last}` : 'Bench Owner',
      fromMe ? slug(other).raw : ME_URL,
      `${at.slice(0, 10)} ${at.slice(11, 19)} UTC`,
      '',
      `Hi ${n.first},\nthanks for the intro, "really" appreciated.\nBest`,
      'INBOX',
      '',
      'No',
      'No',
    ];
    msgs.push(row.map((f) => csvField(f, ',', true)).join(','));
  }
  const profile =
    'First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\nBench,Owner,,,,Consultant,,,,,,,\n';
  const zip = writeZip([
    { name: 'Profile.csv', data: profile },
    { name: 'Connections.csv', data: `${conn.join('\n')}\n` },
    { name: 'messages.csv', data: `${msgs.join('\n')}\n` },
  ]);
  const path = join(dir, 'Complete_LinkedInDataExport_03-07-2026.zip');
  writeFileSync(path, zip);
  return path;
}

const peakRssMb = () => process.resourceUsage().maxRSS / 1024;
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The store, with the time spent in applyImport added up (the rest is reading, parsing and planning). */
function timed(store: Store): { store: Store; storeMs: () => number } {
  let total = 0;
  const applyImport: Store['applyImport'] = async (ws, plan) => {
    const t = performance.now();
    try {
      return await store.applyImport(ws, plan);
    } finally {
      total += performance.now() - t;
    }
  };
  // A proxy rather than a subclass, so adapters with #private fields work too.
  const wrapped = new Proxy(store, {
    get(target, prop) {
      if (prop === 'applyImport') return applyImport;
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { store: wrapped, storeMs: () => total };
}

export async function main(options: ImportBenchOptions = {}): Promise<ImportBenchResult> {
  const connections = options.connections ?? 30_000;
  const messages = options.messages ?? 100_000;
  const storeName = options.storeName ?? 'sqlite';
  const targets = options.targets ?? { importMs: 3000, reimportMs: 2000, rssMb: 300 };
  const dir = mkdtempSync(join(tmpdir(), 'nurture-import-bench-'));
  try {
    const gen = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), '--generate', dir, String(connections), String(messages)],
      { stdio: 'inherit' },
    );
    if (gen.status !== 0) throw new Error('generating the export failed');
    const zipPath = join(dir, 'Complete_LinkedInDataExport_03-07-2026.zip');
    const zipBytes = statSync(zipPath).size;

    const opened = options.openStore
      ? await options.openStore(join(dir, 'store'))
      : new SqliteStore({ dataDir: join(dir, 'store') });
    await opened.init();
    const { store, storeMs } = timed(opened);
    const ws = await store.createWorkspace({ name: 'bench', timeZone: 'UTC' });
    const input = { path: zipPath, fileName: 'Complete_LinkedInDataExport_03-07-2026.zip' };

    let t = performance.now();
    let c = cpuMs();
    const first = await importFile(store, ws.id, input);
    const importMs = performance.now() - t;
    const importCpuMs = cpuMs() - c;
    const importStoreMs = storeMs();
    const rssAfterImport = peakRssMb();

    t = performance.now();
    c = cpuMs();
    const again = await importFile(store, ws.id, input);
    const reimportMs = performance.now() - t;
    const reimportCpuMs = cpuMs() - c;
    const reimportStoreMs = storeMs() - importStoreMs;
    const rss = peakRssMb();
    await opened.close();

    if (first.rejected.length || !first.written)
      throw new Error(`the generated export was not imported: ${JSON.stringify(first.rejected.slice(0, 3))}`);
    if (again.new || again.updated || again.interactions || again.ties)
      throw new Error(`re-import changed something: ${JSON.stringify({ ...again, preview: undefined })}`);

    const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
    const result: ImportBenchResult = {
      store: storeName,
      zipBytes,
      importMs,
      reimportMs,
      importStoreMs,
      reimportStoreMs,
      importCpuMs,
      reimportCpuMs,
      peakRssMb: rss,
      people: first.new + (first.me?.created ? 1 : 0),
      interactions: first.interactions,
    };
    console.log(
      `import benchmark (${storeName}): ${connections.toLocaleString('en')} connections, ${messages.toLocaleString('en')} messages, zip ${(zipBytes / 1024 / 1024).toFixed(1)} MB`,
    );
    const split = (total: number, inStore: number, cpu: number) =>
      `read+parse+plan ${(total - inStore).toFixed(0)} ms, store.applyImport ${inStore.toFixed(0)} ms; CPU ${cpu.toFixed(0)} ms`;
    console.log(
      `  first import   ${importMs.toFixed(0).padStart(6)} ms   target < ${targets.importMs} ms   ${mark(importMs < targets.importMs)}   (${result.people} people, ${first.ties} ties, ${first.interactions} interactions)`,
    );
    console.log(`                 ${split(importMs, importStoreMs, importCpuMs)}`);
    console.log(
      `  re-import      ${reimportMs.toFixed(0).padStart(6)} ms   target < ${targets.reimportMs} ms   ${mark(reimportMs < targets.reimportMs)}   (${again.unchanged} unchanged, ${again.interactionsUnchanged} interactions already on file)`,
    );
    console.log(`                 ${split(reimportMs, reimportStoreMs, reimportCpuMs)}`);
    console.log(
      `  peak RSS       ${rss.toFixed(0).padStart(6)} MB   target < ${targets.rssMb} MB    ${mark(rss < targets.rssMb)}   (${rssAfterImport.toFixed(0)} MB after the first import)`,
    );
    const load = loadavg()[0]!;
    console.log(
      `  machine: ${cpus().length} CPUs, load average ${load.toFixed(1)} when done${load > cpus().length ? ' (busy: wall times are inflated; compare CPU times)' : ''}`,
    );
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const invoked = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (invoked) {
  const args = process.argv.slice(2);
  if (args[0] === '--generate') {
    generate(args[1]!, Number(args[2]), Number(args[3]));
  } else {
    const num = (flag: string) => {
      const i = args.indexOf(flag);
      return i >= 0 ? Number(args[i + 1]) : undefined;
    };
    const connections = num('--connections');
    const messages = num('--messages');
    const runs = num('--runs');
    const sizes = { ...(connections ? { connections } : {}), ...(messages ? { messages } : {}) };
    if (args.includes('--json')) console.log(`RESULT ${JSON.stringify(await main(sizes))}`);
    else if (runs && runs > 1)
      repeated(
        runs,
        args.filter((a, i) => a !== '--runs' && args[i - 1] !== '--runs'),
      );
    else await main(sizes);
  }
}

/** `runs` runs, each in a fresh process; their figures one line each, then the median and the best of each. */
function repeated(runs: number, args: string[]): void {
  const results: ImportBenchResult[] = [];
  for (let i = 0; i < runs; i++) {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), ...args, '--json'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (child.status !== 0 || !line) throw new Error(`run ${i + 1} failed:\n${child.stdout}`);
    const r = JSON.parse(line.slice('RESULT '.length)) as ImportBenchResult;
    results.push(r);
    console.log(
      `run ${i + 1}: first import ${r.importMs.toFixed(0)} ms (store ${r.importStoreMs.toFixed(0)}), re-import ${r.reimportMs.toFixed(0)} ms (store ${r.reimportStoreMs.toFixed(0)}), peak RSS ${r.peakRssMb.toFixed(0)} MB`,
    );
  }
  const figure = (name: string, pick: (r: ImportBenchResult) => number, unit: string, target?: number) => {
    const v = results.map(pick).sort((a, b) => a - b);
    const median = v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
    const verdict = target === undefined ? '' : `   target < ${target} ${unit}   ${median < target ? 'ok' : 'MISSED'}`;
    console.log(
      `  ${name.padEnd(16)} median ${median.toFixed(0).padStart(6)} ${unit}, best ${v[0]!.toFixed(0).padStart(6)} ${unit}${verdict}`,
    );
  };
  console.log(`over ${runs} runs:`);
  figure('first import', (r) => r.importMs, 'ms', 3000);
  figure('  in the store', (r) => r.importStoreMs, 'ms');
  figure('re-import', (r) => r.reimportMs, 'ms', 2000);
  figure('  in the store', (r) => r.reimportStoreMs, 'ms');
  figure('peak RSS', (r) => r.peakRssMb, 'MB', 300);
}
