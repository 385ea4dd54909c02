// Shared by the end-to-end tests: a real pawnotes-server (--demo, temp SQLite file, free 127.0.0.1 port,
// serving the built app), Debian's Chromium through playwright-core, bounded waits everywhere.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const webDir = path.resolve(here, '..');
export const repoRoot = path.resolve(webDir, '../..');
export const artifactsDir = process.env.PAWNOTES_E2E_ARTIFACTS ?? path.join(here, 'artifacts');

/** As TOOLCHAIN.md says: Debian's chromium, no sandbox (root in CI), nothing phoning home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The server command: PAWNOTES_SERVER, else the repository's venv (scripts/python_env.sh makes it). */
function serverCommand() {
  const configured = process.env.PAWNOTES_SERVER;
  if (configured) return configured;
  const venv = path.join(repoRoot, 'build-python/venv/bin/pawnotes-server');
  if (fs.existsSync(venv)) return venv;
  return 'pawnotes-server';
}

/**
 * Starts `pawnotes-server --demo` on a free port with a fresh SQLite file and the built app, waits for
 * /readyz (at most `readyTimeoutMs`). Returns {baseUrl, stop(), log()}.
 */
export async function startServer({ readyTimeoutMs = 60_000 } = {}) {
  const webRoot = process.env.PAWNOTES_WEB_DIR ?? path.join(webDir, 'dist/pawnotes-web/browser');
  if (!fs.existsSync(path.join(webRoot, 'index.html'))) {
    throw new Error(`the built app is missing (${webRoot}/index.html): run examples/web/build.sh`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pawnotes-e2e-'));
  const port = await freePort();
  const logFile = path.join(dir, 'server.log');
  const out = fs.openSync(logFile, 'a');
  const child = spawn(
    serverCommand(),
    ['--demo', '--host', '127.0.0.1', '--port', String(port), '--database', `sqlite:///${dir}/pawnotes.db`],
    {
      env: { ...process.env, PAWNOTES_WEB_DIR: webRoot, PAWNOTES_LOG_LEVEL: 'WARNING' },
      stdio: ['ignore', out, out],
      detached: true, // its own process group: stop() reaches any worker it starts
    },
  );
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  const baseUrl = `http://127.0.0.1:${port}`;
  const log = () => fs.readFileSync(logFile, 'utf8');

  const stop = async () => {
    if (exited) return;
    const signalGroup = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    signalGroup('SIGTERM');
    for (let waited = 0; waited < 10_000 && !exited; waited += 100) await sleep(100);
    if (!exited) {
      signalGroup('SIGKILL');
      for (let waited = 0; waited < 5_000 && !exited; waited += 100) await sleep(100);
    }
    fs.closeSync(out);
    if (!process.env.PAWNOTES_E2E_KEEP) fs.rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited) throw new Error(`pawnotes-server exited (${JSON.stringify(exited)}):\n${log()}`);
    try {
      const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`pawnotes-server not ready within ${readyTimeoutMs} ms:\n${log()}`);
    }
    await sleep(200);
  }
  return { baseUrl, stop, log, dir };
}

/** A bearer token of the demo admin, for checking through the API what the app did. */
export async function apiLogin(baseUrl, username = 'admin', password = 'admin') {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return (await response.json()).token;
}

export async function api(baseUrl, token, method, urlPath, body) {
  const response = await fetch(`${baseUrl}/api/v1${urlPath}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Letters only (owner names allow Unicode letters, not digits): a per-run suffix. */
export function randomLetters(n = 6) {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz';
  let out = '';
  for (let i = 0; i < n; ++i) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return out;
}
