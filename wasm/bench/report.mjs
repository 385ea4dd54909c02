// Prints the WASM-vs-native table from the JSON results of wasm/bench/run.sh: the native harness, the
// same harness compiled to WASM (the core alone), and the package in node (core + JSON boundary + JS).
// Usage: node wasm/bench/report.mjs <native.json> <core-wasm.json> <wasm.json> <dist dir>
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { isDeepStrictEqual } from 'node:util';

const [nativeFile, coreWasmFile, wasmFile, dist] = process.argv.slice(2);
const read = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const native = read(nativeFile);
const coreWasm = read(coreWasmFile);
const wasm = read(wasmFile);
for (const other of [coreWasm, wasm]) {
  if (!isDeepStrictEqual(native.checks, other.checks) || !isDeepStrictEqual(native.stats, other.stats)) {
    console.error('the runs loaded different data or answered differently:', native.checks, other.checks);
    process.exit(1);
  }
}
const byName = (list) => Object.fromEntries(list.map((r) => [r.name, r.medianUs]));
const n = byName(native.results);
const c = byName(coreWasm.results);
const w = byName(wasm.results);
const f = (us) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} us`);
const x = (a, b) => `${(a / b).toFixed(1)}x`;
const gz = (file) => zlib.gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length / 1024;

console.log(`data: ${native.stats.owners} owners, ${native.stats.dogs} dogs, ${native.stats.notes} notes, ` +
  `${native.stats.visits} visits (same answers in all three runs: ${JSON.stringify(native.checks)})`);
console.log(`load (createMany in batches of 5,000): native ${(native.loadMs / 1000).toFixed(1)} s, core in WASM ` +
  `${(coreWasm.loadMs / 1000).toFixed(1)} s, package in node ${(wasm.loadMs / 1000).toFixed(1)} s; package init ${wasm.initMs.toFixed(1)} ms`);
console.log('');
console.log('| case (median) | native typed | native + JSON text | core in WASM, typed | core in WASM + JSON text | @pawnotes/core in node | WASM/native: typed | + JSON text | package vs native + JSON text | package vs native typed | (JSON via DOM: native, WASM) |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const name of Object.keys(w)) {
  const j = `${name} +json`;
  const d = `${name} +dom`;
  console.log(`| ${name} | ${f(n[name])} | ${f(n[j])} | ${f(c[name])} | ${f(c[j])} | ${f(w[name])} | ` +
    `${x(c[name], n[name])} | ${x(c[j], n[j])} | ${x(w[name], n[j])} | ${x(w[name], n[name])} | ${f(n[d])}, ${f(c[d])} |`);
}
console.log('');
console.log(`sizes: pawnotes_core.wasm ${gz('pawnotes_core.wasm').toFixed(0)} KB gzipped ` +
  `(${(fs.statSync(path.join(dist, 'pawnotes_core.wasm')).size / 1024).toFixed(0)} KB raw), ` +
  `pawnotes_core.mjs ${gz('pawnotes_core.mjs').toFixed(1)} KB gzipped, index.js ${gz('../index.js').toFixed(1)} KB gzipped`);
