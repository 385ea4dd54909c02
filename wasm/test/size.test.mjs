// The size budget (the .wasm gzipped <= 900 KB) is asserted; the init time is measured and printed only
// (the budget, <= 100 ms, is for Chromium: see wasm/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import os from 'node:os';
import { distDir, init } from './support.mjs';

const KB = 1024;

function gzipped(file) {
  return zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
}

test('pawnotes_core.wasm gzipped fits in 900 KB', () => {
  const wasm = path.join(distDir, 'pawnotes_core.wasm');
  const js = path.join(distDir, 'pawnotes_core.mjs');
  const wasmGz = gzipped(wasm);
  const jsGz = gzipped(js);
  const wrapperGz = gzipped(path.join(distDir, '../index.js'));
  console.log(
    `# sizes: .wasm ${(fs.statSync(wasm).size / KB).toFixed(0)} KB raw, ${(wasmGz / KB).toFixed(0)} KB gzipped; ` +
      `pawnotes_core.mjs ${(fs.statSync(js).size / KB).toFixed(0)} KB raw, ${(jsGz / KB).toFixed(1)} KB gzipped; ` +
      `index.js ${(wrapperGz / KB).toFixed(1)} KB gzipped`,
  );
  assert.ok(wasmGz <= 900 * KB, `.wasm is ${(wasmGz / KB).toFixed(0)} KB gzipped (budget 900 KB)`);
});

test('init time (measured, not asserted)', async () => {
  const bytes = fs.readFileSync(path.join(distDir, 'pawnotes_core.wasm'));
  const inits = [];
  const opens = [];
  for (let i = 0; i < 5; ++i) {
    const start = performance.now();
    const core = await init({ wasmBinary: bytes });
    const ready = performance.now();
    const db = core.open(':memory:', { now: '2026-11-24T12:00:00.000Z' }); // the schema migration
    opens.push(performance.now() - ready);
    inits.push(ready - start);
    db.close();
  }
  const start = performance.now();
  const first = await init({ wasmUrl: new URL(`file://${path.join(distDir, 'pawnotes_core.wasm')}`) });
  const fromFile = performance.now() - start;
  assert.equal(first.version(), '0.1.0');
  const median = (list) => [...list].sort((a, b) => a - b)[2].toFixed(1);
  console.log(
    `# init in node (5 fresh instances): init() compile+instantiate median ${median(inits)} ms ` +
      `(min ${Math.min(...inits).toFixed(1)}); first open(':memory:') median ${median(opens)} ms; ` +
      `init() reading the file ${fromFile.toFixed(1)} ms; load average ${os.loadavg()[0].toFixed(1)}`,
  );
});
