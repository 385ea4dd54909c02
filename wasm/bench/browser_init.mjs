// Init time of @pawnotes/core in Chromium: a page served from 127.0.0.1 imports index.js and times
// init() (fetch + compile + instantiate of the .wasm, streaming) and open(':memory:') (schema migration).
// Each run is a fresh browser context (no cache). Prints the figures (asserts nothing about them), then
// replays every validation vector in the page (exit code 1 on any mismatch).
// Usage: node wasm/bench/browser_init.mjs [runs]   (wasm/bench/browser_init.sh installs what it needs)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const packageDir = path.resolve(process.env.PAWNOTES_PACKAGE_DIR ?? path.join(root, 'wasm/package'));
const require = createRequire(path.join(root, 'build-wasm/browser/package.json'));
const { chromium } = require('playwright-core');
const runs = Number(process.argv[2] ?? 7);

const types = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
const page = `<!doctype html><meta charset="utf-8"><title>init</title><script type="module">
const t0 = performance.now();
const { init } = await import('/index.js');
const t1 = performance.now();
const core = await init();
const t2 = performance.now();
const db = core.open(':memory:', { now: new Date() });
const t3 = performance.now();
db.createOrganization('Browser');
const t4 = performance.now();
core.open(':memory:', { now: new Date() }).close();
const t5 = performance.now();
window.result = { importMs: t1 - t0, initMs: t2 - t1, openMs: t3 - t2, totalMs: t3 - t0, secondOpenMs: t5 - t4, version: core.version(),
  streaming: typeof WebAssembly.instantiateStreaming === 'function' };
</script>`;

// The shared validation vectors replayed in the browser, compared as the node tests do.
const replayPage = `<!doctype html><meta charset="utf-8"><title>replay</title><script type="module">
import { init, ValidationError } from '/index.js';
const core = await init();
const docs = await (await fetch('/vectors.json')).json();
const canonical = (v) => JSON.stringify(v, (k, x) => (x && typeof x === 'object' && !Array.isArray(x)
  ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x));
let cases = 0;
const mismatches = [];
for (const doc of docs) {
  for (const c of doc.cases) {
    let got;
    try {
      got = { result: 'inputText' in c ? core.validateText(c.entity, c.inputText, c.today, c.mode)
                                        : core.validate(c.entity, c.input, c.today, c.mode) };
    } catch (error) {
      got = error instanceof ValidationError ? { errors: error.errors } : { thrown: String(error) };
    }
    ++cases;
    if (canonical(got) !== canonical(c.expect)) mismatches.push(c.name);
  }
}
window.result = { cases, mismatches };
</script>`;

const server = http.createServer((request, response) => {
  const url = new URL(request.url, 'http://127.0.0.1');
  if (url.pathname === '/') {
    response.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' });
    return response.end(page);
  }
  if (url.pathname === '/vectors.json') {
    // Every validation vector, for the replay in the browser.
    const dir = path.join(root, 'tests/vectors/validation');
    const files = fs.readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    return response.end(JSON.stringify(files.map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')))));
  }
  if (url.pathname === '/replay') {
    response.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' });
    return response.end(replayPage);
  }
  const file = path.join(packageDir, path.normalize(url.pathname));
  if (!file.startsWith(packageDir) || !fs.existsSync(file)) {
    response.writeHead(404);
    return response.end();
  }
  response.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
  fs.createReadStream(file).pipe(response);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const results = [];
let replay = null;
try {
  for (let i = 0; i < runs; ++i) {
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.goto(base);
    await tab.waitForFunction(() => window.result, null, { timeout: 30000 });
    results.push(await tab.evaluate(() => window.result));
    await context.close();
  }
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(`${base}replay`);
  await tab.waitForFunction(() => window.result, null, { timeout: 60000 });
  replay = await tab.evaluate(() => window.result);
  await context.close();
} finally {
  await browser.close();
  server.close();
}
const median = (key) => results.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(results.length / 2)];
console.log(`Chromium ${browser.version()}: ${runs} fresh contexts, version ${results[0].version}, streaming=${results[0].streaming}`);
console.log(`median: import ${median('importMs').toFixed(1)} ms, init() ${median('initMs').toFixed(1)} ms, ` +
  `open(':memory:') ${median('openMs').toFixed(1)} ms, total ${median('totalMs').toFixed(1)} ms; ` +
  `a second open(':memory:') ${median('secondOpenMs').toFixed(1)} ms`);
console.log(`all totals (ms): ${results.map((r) => r.totalMs.toFixed(1)).join(', ')}`);
console.log(`validation vectors replayed in Chromium: ${replay.cases} cases, ${replay.mismatches.length} mismatches` +
  (replay.mismatches.length ? `: ${replay.mismatches.slice(0, 10).join('; ')}` : ''));
if (replay.mismatches.length || replay.cases < 150) process.exitCode = 1;
