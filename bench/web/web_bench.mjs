// Web app figures (issue 4, item 4): gzipped sizes of the core's .wasm and of the initial JS (the files
// index.html loads: its module script and modulepreload links), and the time to interactive of the owner
// list on localhost: the median of N cold loads in Chromium (a fresh browser context each: empty HTTP
// cache, no service worker), from navigation start to the first owner row visible on screen.
// Run by bench/web/run.sh, which builds the app first. Writes bench/results/web.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

import { CHROMIUM, CHROMIUM_ARGS, repoRoot, startServer, webDir } from '../../examples/web/e2e/support.mjs';

// playwright-core is a devDependency of the app (examples/web/node_modules), not of the repository root.
const { chromium } = createRequire(path.join(webDir, 'package.json'))('playwright-core');

const runs = Number(process.argv[2] ?? 5);
const JS_BUDGET_GZIP = 500_000; // bytes: issue 4 asks for <= 500 KB of JS, gzipped
const dist = process.env.PAWNOTES_WEB_DIR ?? path.join(webDir, 'dist/pawnotes-web/browser');
const outFile = process.env.PAWNOTES_WEB_BENCH_OUT ?? path.join(repoRoot, 'bench/results/web.json');

const gzipSize = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function sizes() {
  const index = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const initial = new Set();
  for (const m of index.matchAll(/<script[^>]*\bsrc="([^"]+\.js)"/g)) initial.add(m[1]);
  for (const m of index.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g)) initial.add(m[1]);
  for (const m of index.matchAll(/<link[^>]*href="([^"]+\.js)"[^>]*rel="modulepreload"/g)) initial.add(m[1]);
  if (initial.size === 0) throw new Error(`no script found in ${dist}/index.html`);
  const files = [...initial].map((name) => {
    const file = path.join(dist, name.replace(/^\//, ''));
    return { file: name, raw: fs.statSync(file).size, gzip: gzipSize(file) };
  });
  const allJs = fs.readdirSync(dist).filter((n) => n.endsWith('.js') && !/^(ngsw-worker|safety-worker|worker-basic)/.test(n));
  const wasm = path.join(dist, 'assets/pawnotes_core.wasm');
  return {
    wasm: { file: 'assets/pawnotes_core.wasm', raw: fs.statSync(wasm).size, gzip: gzipSize(wasm) },
    initialJs: {
      files,
      raw: files.reduce((s, f) => s + f.raw, 0),
      gzip: files.reduce((s, f) => s + f.gzip, 0),
      budgetGzip: JS_BUDGET_GZIP,
    },
    allJs: {
      files: allJs.length,
      raw: allJs.reduce((s, n) => s + fs.statSync(path.join(dist, n)).size, 0),
      gzip: allJs.reduce((s, n) => s + gzipSize(path.join(dist, n)), 0),
    },
  };
}

async function timeToInteractive(baseUrl) {
  const answer = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'admin' }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!answer.ok) throw new Error(`demo login failed: HTTP ${answer.status}`);
  const session = await answer.json();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
  const results = [];
  try {
    for (let i = 0; i < runs + 1; ++i) {
      // A fresh context = a cold load: empty HTTP cache, no service worker, the session already stored.
      const context = await browser.newContext({ baseURL: baseUrl, serviceWorkers: 'block' });
      await context.addInitScript(
        ([token, user]) => {
          localStorage.setItem('pawnotes.token', token);
          localStorage.setItem('pawnotes.user', user);
        },
        [session.token, JSON.stringify(session.user)],
      );
      const page = await context.newPage();
      await page.goto('/owners', { waitUntil: 'commit', timeout: 30_000 });
      // performance.now() counts from the navigation start; sampled every animation frame.
      const handle = await page.waitForFunction(
        () => {
          const row = document.querySelector('[data-testid="owner-row"]');
          if (!row) return null;
          const box = row.getBoundingClientRect();
          return box.height > 0 && box.top < innerHeight ? performance.now() : null;
        },
        null,
        { polling: 'raf', timeout: 30_000 },
      );
      const rowVisibleMs = await handle.jsonValue();
      const nav = await page.evaluate(() => {
        const entry = performance.getEntriesByType('navigation')[0];
        return { domContentLoadedMs: entry.domContentLoadedEventEnd, loadMs: entry.loadEventEnd };
      });
      await context.close();
      // The first load warms the server (SQLite pages, Python imports): not counted.
      if (i > 0) results.push({ rowVisibleMs: Math.round(rowVisibleMs), ...roundAll(nav) });
    }
  } finally {
    await browser.close();
  }
  return {
    runs: results,
    medianMs: median(results.map((r) => r.rowVisibleMs)),
    minMs: Math.min(...results.map((r) => r.rowVisibleMs)),
    maxMs: Math.max(...results.map((r) => r.rowVisibleMs)),
  };
}

function roundAll(object) {
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, Math.round(v)]));
}

function chromiumVersion() {
  try {
    return execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

const size = sizes();
const server = await startServer();
let tti;
try {
  tti = await timeToInteractive(server.baseUrl);
} finally {
  await server.stop();
}

const result = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, load1: Number(os.loadavg()[0].toFixed(2)), chromium: chromiumVersion(), node: process.version },
  sizes: size,
  jsWithinBudget: size.initialJs.gzip <= JS_BUDGET_GZIP,
  timeToInteractiveOwnerList: { description: 'navigation start -> first owner row visible, cold loads, 127.0.0.1', ...tti },
};
fs.mkdirSync(path.dirname(outFile), { recursive: true });
fs.writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);

const rows = [
  ['.wasm (core)', kb(size.wasm.raw), kb(size.wasm.gzip), '<= 900 KB gz'],
  [`initial JS (${size.initialJs.files.length} files)`, kb(size.initialJs.raw), kb(size.initialJs.gzip), `<= ${kb(JS_BUDGET_GZIP)} gz: ${result.jsWithinBudget ? 'ok' : 'OVER'}`],
  [`all JS (${size.allJs.files} files, lazy incl.)`, kb(size.allJs.raw), kb(size.allJs.gzip), ''],
];
console.log('| what | raw | gzip -9 | target |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
console.log();
console.log(`| owner list, time to first row visible (${tti.runs.length} cold loads) | median | min | max |`);
console.log('|---|---|---|---|');
console.log(`| Chromium headless, 127.0.0.1 | ${tti.medianMs} ms | ${tti.minMs} ms | ${tti.maxMs} ms |`);
console.log(`runs: ${tti.runs.map((r) => `${r.rowVisibleMs} ms (DCL ${r.domContentLoadedMs}, load ${r.loadMs})`).join('; ')}`);
console.log(`machine: ${result.machine.cpus} CPUs, load ${result.machine.load1}; ${result.machine.chromium}`);
console.log(`written: ${path.relative(process.cwd(), outFile)}`);
