/**
 * A real Neo4j 5.26 Community server for tests and developers, without Docker.
 *
 * The jars come from Maven Central via neo4j/pom.xml (they stay in ~/.m2); the server is
 * started by neo4j/NurtureNeo4j.java (Neo4j's own CommunityBootstrapper) in a child JVM:
 * Bolt only, on 127.0.0.1, auth on (user `neo4j`, a generated password), data in a fresh
 * folder under `.neo4j/run-<pid>-<port>/` that stop() removes.
 *
 *   const neo = await startNeo4j({ log: (s) => console.error(s) });
 *   // neo.uri, neo.user, neo.password ... then
 *   await neo.stop();
 *
 * Caches under `.neo4j/` (gitignored; delete it any time):
 *   classpath-<hash of pom.xml>.txt   Maven's resolved classpath: later runs don't run Maven.
 *   launcher-<hash>/NurtureNeo4j.jar  the compiled launcher.
 *   launcher-<hash>/neo4j.jsa         a class-data-sharing archive (~110 MB) written by the
 *                                     first run's JVM at exit (that one stop takes 5-20 s
 *                                     longer); later starts are ~30% faster. Off when CI is
 *                                     set (a fresh clone never reuses it); NURTURE_NEO4J_CDS=0
 *                                     or =1 forces it off or on.
 * Java: $JAVA_HOME/bin/java if JAVA_HOME is set, else `java` on PATH (a JDK: 17 or 21).
 *
 * With `gds: true` the server also loads Graph Data Science (open edition, GPLv3) as a plugin:
 * its jars from neo4j/gds/pom.xml (those Neo4j already has are left to Neo4j's versions), and
 * the plugin's entry point, which Maven Central lacks, compiled from neo4j/gds/NurtureGdsExtension.java
 * into `.neo4j/gds-<hash>/nurture-gds.jar` with the service entry that makes Neo4j load it.
 *
 * Nurture's own procedures (neo4j/procedures/*.java: nurture.columns.read and .writeScores, a
 * workspace read and its scores written as packed columns, for very large analyses) are compiled into `.neo4j/procedures-<hash>/nurture-procedures.jar`
 * and loaded too, unless `procedures: false` or there is no javac.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import neo4j from 'neo4j-driver';

export interface StartNeo4jOptions {
  /** Bolt port on 127.0.0.1; default: a free one picked by the OS. */
  port?: number;
  /**
   * Server home folder (data/, logs/, conf/ inside). Default: a fresh
   * `.neo4j/run-<pid>-<port>/`, removed by stop(). A folder you give is kept (so a
   * developer's data survives restarts); its password is stored in it.
   */
  dataDir?: string;
  /** Progress messages; default: silent. */
  log?: (s: string) => void;
  /** How long to wait for Bolt to answer; default 180 s. */
  timeoutMs?: number;
  /**
   * Maximum JVM heap, in the JVM's notation (`'1g'`, `'3g'`, `'1536m'`); default `'1g'`,
   * enough for the tests. Neo4j lets all open transactions together use 70% of it
   * (db.memory.transaction.total.max), so one large import needs a larger heap.
   */
  heap?: string;
  /** Neo4j's page cache (server.memory.pagecache.size), same notation; default `'64m'`. */
  pageCache?: string;
  /** Also load the Graph Data Science plugin (gds.* procedures); needs a JDK (javac). */
  gds?: boolean;
  /**
   * Load Nurture's own procedures (neo4j/procedures: nurture.columns.read and .writeScores);
   * default true when a JDK (javac) is there.
   */
  procedures?: boolean;
}

export interface RunningNeo4j {
  uri: string;
  user: string;
  password: string;
  /** Stops the server (SIGTERM; SIGKILL after 20 s, 90 s on the run that writes the CDS archive) and removes a fresh data dir. */
  stop(): Promise<void>;
  /** From spawning the JVM to Bolt answering. */
  startupMs: number;
  /** The java process id. */
  pid: number;
  /** Settles with the JVM's exit code (or signal name) when it exits, for whatever reason. */
  exited: Promise<number | string | null>;
  /** The server's home folder (its logs are in `<dir>/logs`, the JVM's output in `<dir>/neo4j-console.log`). */
  dir: string;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const POM = path.join(REPO_ROOT, 'neo4j', 'pom.xml');
const LAUNCHER_SRC = path.join(REPO_ROOT, 'neo4j', 'NurtureNeo4j.java');
const GDS_POM = path.join(REPO_ROOT, 'neo4j', 'gds', 'pom.xml');
const GDS_EXTENSION_SRC = path.join(REPO_ROOT, 'neo4j', 'gds', 'NurtureGdsExtension.java');
const GDS_EXTENSION_CLASS = 'nurture.neo4j.NurtureGdsExtension';
const PROCEDURES_DIR = path.join(REPO_ROOT, 'neo4j', 'procedures');
const STATE_DIR = path.join(REPO_ROOT, '.neo4j');
const USER = 'neo4j';
const STOP_GRACE_MS = 20_000;
const CDS_DUMP_GRACE_MS = 90_000;
const ATTEMPT_TIMEOUT_MS = 15_000;

const DEFAULT_HEAP = '1g';
const DEFAULT_PAGE_CACHE = '64m';
/** A size as the JVM and Neo4j write it: digits and an optional k/m/g unit. */
const SIZE = /^[1-9][0-9]*[kmg]?$/i;

function sizeMb(size: string): number {
  const unit = size.slice(-1).toLowerCase();
  const n = Number.parseInt(size, 10);
  return unit === 'g' ? n * 1024 : unit === 'm' ? n : unit === 'k' ? n / 1024 : n / 1024 / 1024;
}

/**
 * Heap flags, and the collector: Serial for the small test heap; Parallel for a
 * large one, which is there for big transactions (a large import holds ~1.8 GB
 * until it commits): on 2 cores it finished the 30k/100k import benchmark in
 * about two thirds of G1's time.
 */
function heapFlags(heap: string): string[] {
  const mb = sizeMb(heap);
  const large = mb > 1024;
  return [
    `-Xms${large ? heap : '256m'}`,
    `-Xmx${heap}`,
    // A small test server on 2 cores: fewer GC threads, ~130 MB less RSS than G1.
    large ? '-XX:+UseParallelGC' : '-XX:+UseSerialGC',
  ];
}

const JVM_FLAGS = [
  // What Neo4j 5.26's own launcher passes on Java 17.
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-XX:-OmitStackTraceInFastThrow',
  '-Dfile.encoding=UTF-8',
  '-Dlog4j2.disable.jmx=true',
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha = (...parts: (string | Buffer)[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 16);
};

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

// ---------------------------------------------------------------- Java

interface JavaTools {
  java: string;
  /** javac and jar of the same JDK, when there (else: source-launch mode). */
  javac?: string;
  jar?: string;
  /** Identifies this JDK for cache keys. */
  id: string;
}

function findOnPath(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return undefined;
}

function findJava(): JavaTools {
  const javaHome = process.env.JAVA_HOME;
  let java: string | undefined;
  if (javaHome) {
    java = path.join(javaHome, 'bin', 'java');
    if (!fs.existsSync(java)) throw new Error(`JAVA_HOME is set to ${javaHome} but ${java} does not exist`);
  } else {
    java = findOnPath('java');
    if (!java)
      throw new Error(
        'Java not found: install a JDK 17 or 21 (e.g. apt-get install openjdk-17-jdk-headless) or set JAVA_HOME',
      );
  }
  const real = fs.realpathSync(java);
  const bin = path.dirname(real);
  const sibling = (name: string) => (fs.existsSync(path.join(bin, name)) ? path.join(bin, name) : undefined);
  const st = fs.statSync(real);
  return { java: real, javac: sibling('javac'), jar: sibling('jar'), id: `${real}:${st.size}:${st.mtimeMs}` };
}

// ---------------------------------------------------------------- classpath

/** The runtime classpath of a pom (neo4j/pom.xml by default); Maven runs only when it changed or jars vanished. */
async function resolveClasspath(
  log: (s: string) => void,
  pom = POM,
  prefix = 'classpath',
): Promise<{ classpath: string; pomHash: string }> {
  const pomHash = sha(fs.readFileSync(pom));
  const cacheFile = path.join(STATE_DIR, `${prefix}-${pomHash}.txt`);
  if (fs.existsSync(cacheFile)) {
    const classpath = fs.readFileSync(cacheFile, 'utf8').trim();
    const jars = classpath.split(path.delimiter).filter(Boolean);
    if (jars.length > 0 && jars.every((j) => fs.existsSync(j))) return { classpath, pomHash };
    log('neo4j: cached classpath points at missing jars; asking Maven again');
  }

  fs.mkdirSync(STATE_DIR, { recursive: true });
  const out = `${cacheFile}.${process.pid}.mvn.tmp`;
  log('neo4j: resolving Neo4j jars with Maven (first time downloads ~110 MB into ~/.m2) ...');
  const t0 = Date.now();
  const mvn = process.env.MVN ?? 'mvn';
  const args = ['-B', '-q', '-f', pom, 'dependency:build-classpath', `-Dmdep.outputFile=${out}`];
  const res = await new Promise<{ code: number | null; output: string; error?: Error }>((resolve) => {
    let output = '';
    const child = spawn(mvn, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (error) => resolve({ code: null, output, error }));
    child.on('close', (code) => resolve({ code, output }));
  });
  if (res.error || res.code !== 0 || !fs.existsSync(out)) {
    fs.rmSync(out, { force: true });
    const why = res.error
      ? (res.error as NodeJS.ErrnoException).code === 'ENOENT'
        ? `'${mvn}' not found: install Maven (apt-get install maven)`
        : res.error.message
      : `exit code ${res.code}`;
    // Strip ANSI colours; keep the end, where Maven puts the reason.
    const output = res.output
      // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the colour codes removed
      .replace(/\x1b\[[0-9;]*m/g, '')
      .trim()
      .split('\n')
      .slice(-30)
      .join('\n');
    throw new Error(`Maven could not resolve the Neo4j jars (${mvn} ${args.join(' ')}): ${why}\n${output}`);
  }
  const classpath = fs.readFileSync(out, 'utf8').trim();
  fs.renameSync(out, cacheFile);
  log(`neo4j: classpath resolved in ${Date.now() - t0} ms (${classpath.split(path.delimiter).length} jars)`);
  return { classpath, pomHash };
}

// ---------------------------------------------------------------- Graph Data Science

/** A jar's group and artifact, from its place in the Maven repository (…/group/path/artifact/version/x.jar). */
const artifactOf = (jar: string) => path.dirname(path.dirname(jar));

/**
 * The classpath GDS adds: its jars, less the artifacts Neo4j already has (in any version: Neo4j's
 * win), and the compiled entry point (with its service file) in a jar of its own.
 */
async function gdsClasspath(
  neo4jClasspath: string,
  jdk: JavaTools,
  log: (s: string) => void,
): Promise<{ classpath: string; hash: string; plugins: string[] }> {
  const { classpath: all, pomHash } = await resolveClasspath(log, GDS_POM, 'gds-classpath');
  const neo4jArtifacts = new Set(neo4jClasspath.split(path.delimiter).map(artifactOf));
  const jars = all.split(path.delimiter).filter((j) => j && !neo4jArtifacts.has(artifactOf(j)));
  if (!jdk.javac || !jdk.jar) throw new Error('The Graph Data Science plugin needs a JDK (javac and jar next to java)');
  const src = fs.readFileSync(GDS_EXTENSION_SRC);
  const hash = sha(pomHash, src, jdk.id);
  const jarFile = path.join(STATE_DIR, `gds-${hash}`, 'nurture-gds.jar');
  const classpath = [...jars].join(path.delimiter);
  compileJar({
    jarFile,
    sources: [GDS_EXTENSION_SRC],
    classpath: `${neo4jClasspath}${path.delimiter}${classpath}`,
    services: { 'org.neo4j.kernel.extension.ExtensionFactory': GDS_EXTENSION_CLASS },
    jdk,
    log: () => log('neo4j: compiling neo4j/gds/NurtureGdsExtension.java (the GDS plugin entry point)'),
  });
  // Neo4j finds procedures by scanning its plugins folder (their classes still load from the classpath,
  // its parent loader, so they meet the extension's components): the jars that hold gds.* procedures go there.
  const plugins = jars.filter((j) => /^(alpha-)?proc(-|$)/.test(path.basename(artifactOf(j))));
  return { classpath: `${jarFile}${path.delimiter}${classpath}`, hash, plugins };
}

/**
 * Compile Java sources into `jarFile` unless it is there (its folder name carries the hash of
 * what it is built from), with optional META-INF/services entries; atomic (built aside, renamed).
 */
function compileJar(o: {
  jarFile: string;
  sources: string[];
  classpath: string;
  services?: Record<string, string>;
  jdk: JavaTools;
  log: () => void;
}): void {
  if (fs.existsSync(o.jarFile)) return;
  const { javac: javacBin, jar: jarBin } = o.jdk;
  if (!javacBin || !jarBin) throw new Error('compiling needs a JDK (javac and jar next to java)');
  o.log();
  const dir = path.dirname(o.jarFile);
  fs.mkdirSync(dir, { recursive: true });
  const work = fs.mkdtempSync(path.join(dir, `build-${process.pid}-`));
  try {
    const classes = path.join(work, 'classes');
    const javac = spawnSync(javacBin, ['--release', '17', '-nowarn', '-cp', o.classpath, '-d', classes, ...o.sources], {
      encoding: 'utf8',
    });
    if (javac.status !== 0) throw new Error(`javac failed on ${o.sources.join(' ')}:\n${javac.stderr}${javac.stdout}`);
    for (const [service, impl] of Object.entries(o.services ?? {})) {
      const services = path.join(classes, 'META-INF', 'services');
      fs.mkdirSync(services, { recursive: true });
      fs.writeFileSync(path.join(services, service), `${impl}\n`);
    }
    const tmpJar = path.join(work, path.basename(o.jarFile));
    const jar = spawnSync(jarBin, ['--create', '--file', tmpJar, '-C', classes, '.'], { encoding: 'utf8' });
    if (jar.status !== 0) throw new Error(`jar failed:\n${jar.stderr}${jar.stdout}`);
    fs.renameSync(tmpJar, o.jarFile);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Nurture's own procedures (neo4j/procedures/*.java, nurture.*) in a jar for the plugins folder. */
function proceduresJar(neo4jClasspath: string, pomHash: string, jdk: JavaTools, log: (s: string) => void): string {
  const sources = fs
    .readdirSync(PROCEDURES_DIR)
    .filter((f) => f.endsWith('.java'))
    .sort()
    .map((f) => path.join(PROCEDURES_DIR, f));
  const hash = sha(pomHash, ...sources.map((f) => fs.readFileSync(f)), jdk.id);
  const jarFile = path.join(STATE_DIR, `procedures-${hash}`, 'nurture-procedures.jar');
  compileJar({
    jarFile,
    sources,
    classpath: neo4jClasspath,
    jdk,
    log: () => log('neo4j: compiling neo4j/procedures (the nurture.* procedures)'),
  });
  return jarFile;
}

// ---------------------------------------------------------------- launcher

interface Launcher {
  /** java arguments that come after the JVM flags and before the launcher's own arguments. */
  mainArgs: string[];
  /** Jars to put in the server's plugins folder (procedures are found there). */
  plugins?: string[];
  /** Where the class-data-sharing archive lives (only when the launcher is a jar). */
  cdsArchive?: string;
}

function cdsWanted(): boolean {
  const v = process.env.NURTURE_NEO4J_CDS;
  if (v !== undefined && v !== '') return v !== '0' && v !== 'false';
  return !process.env.CI;
}

/** Compile neo4j/NurtureNeo4j.java into a jar once (a jar, not a folder, so that CDS works). */
function buildLauncher(classpath: string, pomHash: string, jdk: JavaTools, log: (s: string) => void): Launcher {
  const src = fs.readFileSync(LAUNCHER_SRC);
  if (!jdk.javac || !jdk.jar) {
    // No javac/jar next to java: let java compile the single file in memory each start.
    return { mainArgs: ['-cp', classpath, LAUNCHER_SRC] };
  }
  const dir = path.join(STATE_DIR, `launcher-${sha(pomHash, src, jdk.id)}`);
  const jarFile = path.join(dir, 'NurtureNeo4j.jar');
  compileJar({
    jarFile,
    sources: [LAUNCHER_SRC],
    classpath,
    jdk,
    log: () => log('neo4j: compiling neo4j/NurtureNeo4j.java'),
  });
  return {
    mainArgs: ['-cp', `${jarFile}${path.delimiter}${classpath}`, 'NurtureNeo4j'],
    cdsArchive: cdsWanted() ? path.join(dir, 'neo4j.jsa') : undefined,
  };
}

// ---------------------------------------------------------------- runs

/** Remove `.neo4j/run-<pid>-<port>` folders (and stray CDS temp files) whose owner process is gone. */
function cleanStaleRuns(log: (s: string) => void): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(STATE_DIR);
  } catch {
    return;
  }
  for (const name of entries) {
    const full = path.join(STATE_DIR, name);
    const run = /^run-(\d+)-\d+$/.exec(name);
    if (run) {
      const owner = Number(run[1]);
      if (owner === process.pid || isAlive(owner)) continue;
      // An orphaned server (its parent was SIGKILLed before the JVM noticed): kill it first.
      try {
        const javaPid = Number(fs.readFileSync(path.join(full, 'java.pid'), 'utf8'));
        if (
          javaPid > 0 &&
          isAlive(javaPid) &&
          fs.readFileSync(`/proc/${javaPid}/cmdline`, 'utf8').includes('NurtureNeo4j')
        ) {
          process.kill(javaPid, 'SIGKILL');
        }
      } catch {
        // no pid file, or not ours any more
      }
      log(`neo4j: removing stale ${path.relative(REPO_ROOT, full)}`);
      fs.rmSync(full, { recursive: true, force: true });
      continue;
    }
    if (name.startsWith('launcher-')) {
      for (const f of fs.readdirSync(full)) {
        const tmp = /^neo4j\.jsa\.(\d+)-\d+\.tmp$/.exec(f);
        if (tmp && !isAlive(Number(tmp[1]))) fs.rmSync(path.join(full, f), { force: true });
      }
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Poll Bolt until the server answers, the JVM dies, or the time runs out. */
async function waitForBolt(
  uri: string,
  password: string,
  child: ChildProcess,
  timeoutMs: number,
  consoleLog: string,
): Promise<void> {
  const driver = neo4j.driver(uri, neo4j.auth.basic(USER, password), {
    connectionTimeout: 2_000,
    maxConnectionPoolSize: 1,
    disableLosslessIntegers: false,
  });
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `Neo4j exited before Bolt answered (code ${child.exitCode ?? child.signalCode}). Last lines of ${consoleLog}:\n${tail(consoleLog)}`,
        );
      }
      try {
        // Bolt answers and the login works, and the default database takes queries. Bounded:
        // the driver waits forever on a listener that accepts but never speaks Bolt.
        await withTimeout(
          (async () => {
            await driver.getServerInfo();
            await driver.executeQuery('RETURN 1');
          })(),
          ATTEMPT_TIMEOUT_MS,
        );
        return;
      } catch (e) {
        const err = e as { code?: string; message?: string };
        if (err.code?.startsWith('Neo.ClientError.Security')) {
          throw new Error(`Neo4j refused the login: ${err.code} ${err.message}`);
        }
        lastError = `${err.code ?? ''} ${err.message ?? String(e)}`.trim();
      }
      if (Date.now() > deadline) {
        throw new Error(
          `Neo4j did not answer on ${uri} within ${timeoutMs} ms (last error: ${lastError}). Last lines of ${consoleLog}:\n${tail(consoleLog)}`,
        );
      }
      await sleep(200);
    }
  } finally {
    await driver.close();
  }
}

export async function startNeo4j(opts: StartNeo4jOptions = {}): Promise<RunningNeo4j> {
  const log = opts.log ?? (() => {});
  const heap = opts.heap ?? DEFAULT_HEAP;
  const pageCache = opts.pageCache ?? DEFAULT_PAGE_CACHE;
  if (!SIZE.test(heap)) throw new Error(`heap: expected a size such as 1g or 1536m, got ${heap}`);
  if (!SIZE.test(pageCache)) throw new Error(`pageCache: expected a size such as 64m or 1g, got ${pageCache}`);
  const memory: Memory = { heap, pageCache };
  const timeoutMs = opts.timeoutMs ?? Number(process.env.NURTURE_NEO4J_START_TIMEOUT_MS ?? 180_000);
  const jdk = findJava();
  fs.mkdirSync(STATE_DIR, { recursive: true });
  cleanStaleRuns(log);
  const { classpath, pomHash } = await resolveClasspath(log);
  let launcher = buildLauncher(classpath, pomHash, jdk, log);
  const config: string[] = [];
  if (opts.gds) {
    const gds = await gdsClasspath(classpath, jdk, log);
    // Neo4j's jars first, so that a class both have comes from Neo4j. No class-data archive: it fits one classpath.
    const [flag, cp, ...rest] = launcher.mainArgs;
    launcher = { mainArgs: [flag!, `${cp}${path.delimiter}${gds.classpath}`, ...rest], plugins: gds.plugins };
  }
  const unrestricted = opts.gds ? ['gds.*'] : [];
  if ((opts.procedures ?? true) && jdk.javac && jdk.jar) {
    launcher = { ...launcher, plugins: [...(launcher.plugins ?? []), proceduresJar(classpath, pomHash, jdk, log)] };
    // nurture.columns.read reads through the kernel API, which Neo4j grants only to unrestricted procedures.
    unrestricted.push('nurture.*');
  }
  if (unrestricted.length) config.push(`dbms.security.procedures.unrestricted=${unrestricted.join(',')}`);

  // A port picked by the OS can be taken again before the JVM binds it: then retry.
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await freePort());
    try {
      return await startOnce(port, opts.dataDir, launcher, jdk, memory, timeoutMs, log, config);
    } catch (e) {
      if (opts.port !== undefined || attempt >= 3 || !(e as { portInUse?: boolean }).portInUse) throw e;
      log(`neo4j: port ${port} was taken meanwhile, trying another`);
    }
  }
}

interface Memory {
  heap: string;
  pageCache: string;
}

async function startOnce(
  port: number,
  givenDir: string | undefined,
  launcher: Launcher,
  jdk: JavaTools,
  memory: Memory,
  timeoutMs: number,
  log: (s: string) => void,
  config: string[] = [],
): Promise<RunningNeo4j> {
  const fresh = givenDir === undefined;
  const dir = fresh ? path.join(STATE_DIR, `run-${process.pid}-${port}`) : path.resolve(givenDir);
  if (fresh) fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const plugins = path.join(dir, 'plugins');
  fs.rmSync(plugins, { recursive: true, force: true });
  if (launcher.plugins?.length) {
    fs.mkdirSync(plugins);
    for (const jar of launcher.plugins) fs.symlinkSync(jar, path.join(plugins, path.basename(jar)));
  }

  // A kept folder keeps its password (its auth.ini was written with it).
  let password: string;
  const pwFile = path.join(dir, 'nurture-password');
  if (!fresh && fs.existsSync(pwFile)) {
    password = fs.readFileSync(pwFile, 'utf8').trim();
  } else {
    password = `nurture-${randomBytes(12).toString('hex')}`;
    if (!fresh) fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  }

  // Class-data sharing: use the archive if there is one, else have this JVM write it at exit.
  const cdsFlags: string[] = [];
  let cdsTmp: string | undefined;
  if (launcher.cdsArchive) {
    if (fs.existsSync(launcher.cdsArchive)) {
      cdsFlags.push(`-XX:SharedArchiveFile=${launcher.cdsArchive}`, '-Xlog:cds=off', '-Xlog:cds+dynamic=off');
    } else {
      cdsTmp = `${launcher.cdsArchive}.${process.pid}-${port}.tmp`;
      cdsFlags.push(`-XX:ArchiveClassesAtExit=${cdsTmp}`, '-Xlog:cds=off', '-Xlog:cds+dynamic=off');
    }
  }

  const consoleLog = path.join(dir, 'neo4j-console.log');
  const out = fs.openSync(consoleLog, 'a');
  const args = [
    ...heapFlags(memory.heap),
    ...JVM_FLAGS,
    ...cdsFlags,
    ...launcher.mainArgs,
    '--port',
    String(port),
    '--dir',
    dir,
    '--pagecache',
    memory.pageCache,
    ...config.flatMap((c) => ['--config', c]),
    '--watch-stdin',
  ];
  const uri = `bolt://127.0.0.1:${port}`;
  log(
    `neo4j: starting on ${uri} (home ${path.relative(REPO_ROOT, dir) || dir}, heap ${memory.heap}, page cache ${memory.pageCache}, ${jdk.java})`,
  );
  const t0 = Date.now();
  const child = spawn(jdk.java, args, {
    cwd: dir,
    // stdin stays a pipe: the launcher stops the server when it closes (we died).
    stdio: ['pipe', out, out],
    env: { ...process.env, NURTURE_NEO4J_PASSWORD: password },
  });
  fs.closeSync(out);
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  spawnError.catch(() => {});
  if (child.pid === undefined) {
    await spawnError;
    throw new Error(`could not start ${jdk.java}`);
  }
  fs.writeFileSync(path.join(dir, 'java.pid'), String(child.pid));
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  // Do not keep the caller's event loop alive just for the server.
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  child.stdin?.on('error', () => {});

  // If the caller exits without stop(): kill the server and drop a fresh folder.
  const onParentExit = () => {
    try {
      child.kill(fresh ? 'SIGKILL' : 'SIGTERM');
    } catch {
      // already gone
    }
    if (fresh) fs.rmSync(dir, { recursive: true, force: true });
    if (cdsTmp) fs.rmSync(cdsTmp, { force: true });
  };
  process.on('exit', onParentExit);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      process.off('exit', onParentExit);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        // Writing the class-data archive at exit takes a while on a busy machine.
        const grace = cdsTmp ? CDS_DUMP_GRACE_MS : STOP_GRACE_MS;
        if (cdsTmp) log('neo4j: stopping; the JVM also writes its class-data archive (once) for faster starts');
        if (!(await waitForExit(child, grace))) {
          log(`neo4j: no exit ${grace} ms after SIGTERM, sending SIGKILL`);
          child.kill('SIGKILL');
          await waitForExit(child, 5_000);
        }
      }
      if (cdsTmp && launcher.cdsArchive) {
        // Keep the archive only from a clean exit (a killed JVM leaves a partial file).
        if (child.exitCode === 0 && fs.existsSync(cdsTmp) && fs.statSync(cdsTmp).size > 0) {
          fs.renameSync(cdsTmp, launcher.cdsArchive);
        } else {
          fs.rmSync(cdsTmp, { force: true });
        }
      }
      if (fresh) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      log(`neo4j: stopped ${uri}`);
    })());

  try {
    await Promise.race([waitForBolt(uri, password, child, timeoutMs, consoleLog), spawnError]);
  } catch (e) {
    const portInUse = /Address already in use|BindException/.test(tail(consoleLog, 200));
    process.off('exit', onParentExit);
    child.kill('SIGKILL');
    await waitForExit(child, 5_000);
    if (cdsTmp) fs.rmSync(cdsTmp, { force: true });
    if (portInUse && fresh) fs.rmSync(dir, { recursive: true, force: true });
    // Otherwise the folder stays for a look; the next start removes it once we are gone.
    throw Object.assign(e instanceof Error ? e : new Error(String(e)), { portInUse });
  }
  const startupMs = Date.now() - t0;
  log(`neo4j: ready on ${uri} in ${startupMs} ms`);
  return { uri, user: USER, password, stop, startupMs, pid: child.pid, dir, exited };
}
