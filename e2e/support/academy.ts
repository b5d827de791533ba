import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The binary `make build` writes; the e2e run tests exactly what was built. */
export const ACADEMY_BIN = resolve(__dirname, '..', '..', 'bin', 'academy');
/** The seed competitions' folders, one per competition the first start loads. */
const SEED_COMPETITIONS = resolve(__dirname, '..', '..', 'content', 'competitions');

/** How long a cold start (seed catalogue and search index) may take on a busy 2-core machine. */
const START_TIMEOUT_MS = 120_000;

/** How long the academy gets to stop after SIGTERM before it is killed. */
const STOP_TIMEOUT_MS = 40_000;

/** A platform administrator's sign-in. */
export interface Administrator {
  email: string;
  password: string;
}

/** A running academy started for the test run. */
export interface RunningAcademy {
  url: string;
  dataDir: string;
  logFile: string;
  /** The administrator created before the academy started. */
  admin: Administrator;
  stop(): Promise<void>;
}

/** Asks the kernel for a free loopback port. */
async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The environment of the academy process. With ACADEMY_TEST_* variables set it uses
 * those real services, in a database and index prefix of its own so runs never share data.
 */
function academyEnv(dataDir: string, addr: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ACADEMY_DATA_DIR: dataDir,
    ACADEMY_ADDR: addr,
    ACADEMY_LOG_LEVEL: 'info',
    // Every journey's browser comes from 127.0.0.1: one address for many visitors.
    ACADEMY_ANONYMOUS_RATE_LIMIT: '100000',
    ACADEMY_REGISTER_RATE_LIMIT: '100000',
    // Mail goes to the log, where journeys read the links they need (support/mail.ts).
    ACADEMY_DEV_MAIL_LOG: 'true',
  };
  const runId = `e2e_${Date.now()}_${randomBytes(3).toString('hex')}`;
  if (process.env.ACADEMY_TEST_MONGODB_URI) {
    env.ACADEMY_MONGODB_URI = process.env.ACADEMY_TEST_MONGODB_URI;
    env.ACADEMY_MONGODB_DATABASE = runId;
  }
  if (process.env.ACADEMY_TEST_REDIS_URL) {
    env.ACADEMY_REDIS_URL = process.env.ACADEMY_TEST_REDIS_URL;
  }
  if (process.env.ACADEMY_TEST_MEILI_URL) {
    env.ACADEMY_MEILI_URL = process.env.ACADEMY_TEST_MEILI_URL;
    env.ACADEMY_MEILI_KEY = process.env.ACADEMY_TEST_MEILI_KEY ?? '';
    env.ACADEMY_MEILI_INDEX_PREFIX = `${runId}_`;
  }
  return env;
}

/** Deletes the Meilisearch indexes a run created under its prefix, so a shared server does not fill up. */
async function deleteMeiliIndexes(env: NodeJS.ProcessEnv): Promise<void> {
  const url = env.ACADEMY_MEILI_URL;
  const prefix = env.ACADEMY_MEILI_INDEX_PREFIX;
  if (!url || !prefix) {
    return;
  }
  const headers = { Authorization: `Bearer ${env.ACADEMY_MEILI_KEY ?? ''}` };
  try {
    const list = (await (await fetch(`${url}/indexes?limit=1000`, { headers })).json()) as { results: { uid: string }[] };
    for (const { uid } of list.results.filter((i) => i.uid.startsWith(prefix))) {
      await fetch(`${url}/indexes/${encodeURIComponent(uid)}`, { method: 'DELETE', headers });
    }
  } catch (err) {
    console.warn(`could not delete the run's Meilisearch indexes: ${String(err)}`);
  }
}

/** Whether the run uses external services, which are not seeded on first start. */
function usesExternalServices(): boolean {
  return Boolean(process.env.ACADEMY_TEST_MONGODB_URI || process.env.ACADEMY_TEST_REDIS_URL || process.env.ACADEMY_TEST_MEILI_URL);
}

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

async function getJSON<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    throw new Error(`GET ${url}: ${response.status}`);
  }
  return (await response.json()) as T;
}

/** Counts the published items of a paginated catalogue list. */
async function countAll(url: string): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await getJSON<{ items: unknown[]; next_cursor?: string }>(`${url}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    count += page.items.length;
    cursor = page.next_cursor;
  } while (cursor);
  return count;
}

/** Polls check until it returns true or the deadline passes; the last error explains a time-out. */
async function waitFor(what: string, deadline: number, check: () => Promise<boolean>, child: ChildProcess, logFile: string): Promise<void> {
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`academy exited with code ${child.exitCode} while waiting for ${what}; last log lines:\n${tail(logFile)}`);
    }
    try {
      if (await check()) {
        return;
      }
      last = 'not yet';
    } catch (err) {
      last = String(err);
    }
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what} (${last}); last log lines:\n${tail(logFile)}`);
}

/**
 * Starts `academy run` on a free loopback port with a fresh data directory and waits
 * until it is ready and the whole seed catalogue, competitions included, can be found by search.
 */
export async function startAcademy(): Promise<RunningAcademy> {
  if (!existsSync(ACADEMY_BIN)) {
    throw new Error(`${ACADEMY_BIN} does not exist: build it first with \`make build\` (\`make test\` does).`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'academy-e2e-'));
  const logFile = join(dataDir, 'academy.log');
  const port = await freePort();
  const addr = `127.0.0.1:${port}`;
  const url = `http://${addr}`;
  const env = academyEnv(dataDir, addr);

  if (usesExternalServices()) {
    const seed = spawnSync(ACADEMY_BIN, ['seed'], { env, encoding: 'utf8', timeout: START_TIMEOUT_MS });
    if (seed.status !== 0) {
      throw new Error(`academy seed failed (${seed.status ?? seed.signal}):\n${seed.stdout}\n${seed.stderr}`);
    }
  }

  // The embedded database belongs to one process at a time: the administrator is created before `run`.
  const admin: Administrator = { email: 'admin@e2e.example.org', password: randomBytes(18).toString('base64url') };
  const created = spawnSync(ACADEMY_BIN, ['admin', 'create-admin', '--email', admin.email, '--name', 'E2E Administrator', '--password-stdin'], {
    env,
    input: `${admin.password}\n`,
    encoding: 'utf8',
    timeout: START_TIMEOUT_MS,
  });
  if (created.status !== 0) {
    throw new Error(`academy admin create-admin failed (${created.status ?? created.signal}):\n${created.stdout}\n${created.stderr}`);
  }

  const log = openSync(logFile, 'a');
  const child = spawn(ACADEMY_BIN, ['run'], { env, stdio: ['ignore', log, log] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const deadline = Date.now() + START_TIMEOUT_MS;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    await deleteMeiliIndexes(env);
    const kept = resolve(__dirname, '..', 'test-results');
    mkdirSync(kept, { recursive: true });
    copyFileSync(logFile, join(kept, 'academy.log'));
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitFor('/readyz', deadline, async () => (await fetch(`${url}/readyz`)).ok, child, logFile);
    // The seed competitions load just after /readyz: wait for all of them too.
    const seedCompetitions = readdirSync(SEED_COMPETITIONS, { withFileTypes: true }).filter((d) => d.isDirectory()).length;
    await waitFor('the seed catalogue in search', deadline, async () => {
      const competitions = await countAll(`${url}/api/v1/competitions`);
      const published = (await countAll(`${url}/api/v1/courses`)) + (await countAll(`${url}/api/v1/programmes`)) + competitions;
      const found = await getJSON<{ total: number }>(`${url}/api/v1/search?limit=1`);
      return published > 0 && competitions === seedCompetitions && found.total === published;
    }, child, logFile);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, dataDir, logFile, admin, stop };
}
