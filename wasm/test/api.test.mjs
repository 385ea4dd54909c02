// index.d.ts is hand-written: this holds it to the runtime. Every method declared for the raw module,
// the raw Database, PawnotesCore and Database exists at runtime, and every runtime one is declared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as pkg from '../package/index.js';
import { init, repoRoot } from './support.mjs';

const dts = fs.readFileSync(path.join(repoRoot, 'wasm/package/index.d.ts'), 'utf8');

/** Member names declared in the body of `export interface|class <name>` (methods and properties). */
function declared(name) {
  const start = dts.search(new RegExp(`export (interface|class) ${name}\\b[^{]*\\{`));
  assert.ok(start >= 0, `${name} is declared`);
  const open = dts.indexOf('{', start);
  let depth = 0;
  let end = open;
  for (; end < dts.length; ++end) {
    if (dts[end] === '{') ++depth;
    else if (dts[end] === '}' && --depth === 0) break;
  }
  const body = dts.slice(open + 1, end);
  const names = new Set();
  let level = 0;
  for (const line of body.split('\n')) {
    const match = level === 0 && /^\s{2}(?:private |readonly )*([A-Za-z]\w*)\s*[<(:?]/.exec(line);
    if (match && match[1] !== 'constructor') names.add(match[1]);
    for (const c of line) level += c === '{' || c === '(' ? 1 : c === '}' || c === ')' ? -1 : 0;
  }
  return [...names].sort();
}

const methodsOf = (proto) =>
  Object.getOwnPropertyNames(proto)
    .filter((n) => n !== 'constructor' && typeof Object.getOwnPropertyDescriptor(proto, n).value === 'function')
    .sort();

test('index.d.ts declares exactly the exports of index.js', () => {
  const exported = Object.keys(pkg).sort();
  const declaredExports = [...dts.matchAll(/^export (?:class|function) (\w+)/gm)].map((m) => m[1]).sort();
  assert.deepStrictEqual(declaredExports, exported);
});

test('raw module and raw Database match their declarations', async () => {
  const core = await init();
  const rawFunctions = ['validate', 'check', 'jsonSchema', 'entities', 'version', 'Database'];
  assert.deepStrictEqual(declared('RawModule'), [...rawFunctions].sort());
  for (const name of rawFunctions) assert.equal(typeof core.raw[name], 'function', name);
  const rawDb = new core.raw.Database();
  const declaredRaw = declared('RawDatabase');
  for (const name of declaredRaw) assert.equal(typeof rawDb[name], 'function', `raw Database.${name}`);
  const runtime = methodsOf(core.raw.Database.prototype).filter((n) => !n.startsWith('__') && n !== 'delete');
  const embindHelpers = ['clone', 'isAliasOf', 'isDeleted', 'deleteLater'];
  assert.deepStrictEqual(
    runtime.filter((n) => !embindHelpers.includes(n)),
    declaredRaw.filter((n) => n !== 'delete'),
  );
  rawDb.delete();
});

test('PawnotesCore and Database match their declarations', async () => {
  const core = await init();
  assert.deepStrictEqual(declared('PawnotesCore'), [...methodsOf(pkg.PawnotesCore.prototype), 'raw'].sort());
  const db = core.open(':memory:', { now: '2026-11-24T12:00:00.000Z' });
  const getters = Object.entries(Object.getOwnPropertyDescriptors(pkg.Database.prototype))
    .filter(([, d]) => d.get)
    .map(([n]) => n);
  assert.deepStrictEqual(declared('Database'), [...methodsOf(pkg.Database.prototype), ...getters].sort());
  db.close();
});
