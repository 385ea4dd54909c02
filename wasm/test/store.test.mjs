// The offline key/value store (wasm/store.cpp through index.js's Store): every method, bad input, unicode,
// large values, prefix ordering, files that survive a close, the FS mount and persist() in node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { init, InvalidArgumentError, StorageError, PawnotesError, Store, repoRoot } from './support.mjs';

const T0 = '2026-11-24T12:00:00.000Z';

async function memoryStore(now = T0) {
  const core = await init();
  return core.openStore(':memory:', { now });
}

test('put then get returns every kind of JSON value; a missing key is null', async () => {
  const store = await memoryStore();
  const values = {
    object: { id: 7, name: 'Rex', tags: ['a', 'b'], nested: { deep: [1, { x: null }] } },
    array: [1, 'two', false, null],
    number: 3.25,
    negative: -42,
    string: 'plain text with "quotes" and \\ backslash\nnewline',
    true: true,
    false: false,
    empty: {},
  };
  for (const [key, value] of Object.entries(values)) store.put(key, value);
  for (const [key, value] of Object.entries(values)) assert.deepStrictEqual(store.get(key), value, key);
  assert.equal(store.get('absent'), null);
  store.close();
});

test('put replaces the value and its updatedAt; entries carry the time of the last put', async () => {
  let now = '2026-11-24T12:00:00.000Z';
  const core = await init();
  const store = core.openStore(':memory:', { now: () => now });
  store.put('k', { v: 1 });
  assert.deepStrictEqual(store.entries(), [{ key: 'k', value: { v: 1 }, updatedAt: '2026-11-24T12:00:00.000Z' }]);
  now = '2026-11-25T08:30:15.250Z';
  store.put('k', { v: 2 });
  assert.deepStrictEqual(store.get('k'), { v: 2 });
  assert.deepStrictEqual(store.entries(), [{ key: 'k', value: { v: 2 }, updatedAt: '2026-11-25T08:30:15.250Z' }]);
  // A Date as the clock works too (normalized to milliseconds, Z).
  const dated = core.openStore(':memory:', { now: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)) });
  dated.put('d', 1);
  assert.equal(dated.entries()[0].updatedAt, '2026-01-02T03:04:05.006Z');
  dated.close();
  store.close();
});

test('delete returns whether the key was there and removes only it', async () => {
  const store = await memoryStore();
  store.put('a', 1);
  store.put('b', 2);
  assert.equal(store.delete('a'), true);
  assert.equal(store.delete('a'), false);
  assert.equal(store.delete('never'), false);
  assert.equal(store.get('a'), null);
  assert.equal(store.get('b'), 2);
  assert.deepStrictEqual(
    store.entries().map((e) => e.key),
    ['b'],
  );
  store.close();
});

test('entries are ordered by key and filtered by an exact, case-sensitive prefix', async () => {
  const store = await memoryStore();
  const keys = ['u1/o2/b', 'u1/o1/z', 'u1/o1/a', 'u1/o10/a', 'U1/o1/a', 'u2/o1/a', 'u1/o1', 'u1%', 'u1_x', 'u1/o1/é'];
  for (const [i, key] of keys.entries()) store.put(key, i);
  assert.deepStrictEqual(
    store.entries().map((e) => e.key),
    ['U1/o1/a', 'u1%', 'u1/o1', 'u1/o1/a', 'u1/o1/z', 'u1/o1/é', 'u1/o10/a', 'u1/o2/b', 'u1_x', 'u2/o1/a'],
  );
  assert.deepStrictEqual(
    store.entries('u1/o1/').map((e) => [e.key, e.value]),
    [
      ['u1/o1/a', 2],
      ['u1/o1/z', 1],
      ['u1/o1/é', 9],
    ],
  );
  // The prefix is literal text: no LIKE wildcards, no case folding.
  assert.deepStrictEqual(
    store.entries('u1%').map((e) => e.key),
    ['u1%'],
  );
  assert.deepStrictEqual(
    store.entries('u1_').map((e) => e.key),
    ['u1_x'],
  );
  assert.deepStrictEqual(
    store.entries('U1').map((e) => e.key),
    ['U1/o1/a'],
  );
  assert.deepStrictEqual(store.entries('nothing/'), []);
  assert.equal(store.entries('').length, keys.length);
  store.close();
});

test('unicode keys, prefixes and values round-trip; order is by code point', async () => {
  const store = await memoryStore();
  const keys = ['zoë', 'Zoe', 'émile', '日本/犬', '日本/猫', '🐕/rex', '🐕/fido', 'ﬁ', 'a\u0301'];
  for (const key of keys) store.put(key, { key, text: `${key} · ✓ — «»` });
  for (const key of keys) assert.deepStrictEqual(store.get(key), { key, text: `${key} · ✓ — «»` });
  const byCodePoint = [...keys].sort((a, b) => {
    const x = [...a].map((c) => c.codePointAt(0));
    const y = [...b].map((c) => c.codePointAt(0));
    for (let i = 0; i < Math.min(x.length, y.length); ++i) if (x[i] !== y[i]) return x[i] - y[i];
    return x.length - y.length;
  });
  assert.deepStrictEqual(
    store.entries().map((e) => e.key),
    byCodePoint,
  );
  assert.deepStrictEqual(
    store.entries('🐕/').map((e) => e.key),
    ['🐕/fido', '🐕/rex'],
  );
  assert.deepStrictEqual(
    store.entries('日本').map((e) => e.key),
    ['日本/犬', '日本/猫'],
  );
  store.close();
});

test('large values: a 4 MiB string and a 50 000-item array', async () => {
  const store = await memoryStore();
  const big = 'x'.repeat(4 * 1024 * 1024 - 3) + 'end';
  store.put('big', big);
  const got = store.get('big');
  assert.equal(got.length, big.length);
  assert.ok(got.endsWith('end'));
  const items = Array.from({ length: 50000 }, (_, i) => ({ id: i, body: `note ${i} ✓` }));
  store.put('items', items);
  assert.deepStrictEqual(store.get('items'), items);
  assert.equal(store.entries().length, 2);
  // Replacing a large value by a small one frees nothing visible but must read back the small one.
  store.put('big', 'small');
  assert.equal(store.get('big'), 'small');
  store.close();
});

test('bad keys, values and prefixes are InvalidArgumentError and change nothing', async () => {
  const store = await memoryStore();
  store.put('keep', 1);
  for (const key of [undefined, null, 42, {}, ['k'], true, '', Symbol('k'), 'lone \ud800 surrogate']) {
    assert.throws(() => store.put(key, 1), InvalidArgumentError, `put(${String(key)})`);
    assert.throws(() => store.get(key), InvalidArgumentError, `get(${String(key)})`);
    assert.throws(() => store.delete(key), InvalidArgumentError, `delete(${String(key)})`);
  }
  const cyclic = {};
  cyclic.self = cyclic;
  for (const value of [undefined, () => 1, Symbol('v'), 10n, cyclic, { big: 1n }]) {
    assert.throws(() => store.put('v', value), InvalidArgumentError, `put value ${typeof value}`);
  }
  for (const prefix of [42, null, {}, 'bad \udc00']) {
    assert.throws(() => store.entries(prefix), InvalidArgumentError, `entries(${String(prefix)})`);
  }
  store.put('t', 1); // the store still works after the refusals
  assert.deepStrictEqual(
    store.entries().map((e) => e.key),
    ['keep', 't'],
  );
  // A bad clock is refused at open.
  const core = await init();
  assert.throws(() => core.openStore(':memory:', { now: 12 }), InvalidArgumentError);
  assert.throws(() => core.openStore(':memory:', { now: new Date(NaN) }), InvalidArgumentError);
  assert.throws(() => core.openStore(''), InvalidArgumentError);
  assert.throws(() => core.openStore(7), InvalidArgumentError);
  // A clock that turns bad later fails the put (typed), nothing stored.
  let now = T0;
  const clocked = core.openStore(':memory:', { now: () => now });
  now = 'yesterday';
  assert.throws(() => clocked.put('k', 1), InvalidArgumentError);
  assert.equal(clocked.get('k'), null);
  clocked.close();
  store.close();
});

test('a closed store throws InvalidArgumentError from every method; close is idempotent', async () => {
  const store = await memoryStore();
  store.put('a', 1);
  assert.equal(store.closed, false);
  store.close();
  assert.equal(store.closed, true);
  store.close();
  assert.equal(store.closed, true);
  for (const call of [() => store.put('a', 2), () => store.get('a'), () => store.delete('a'), () => store.entries()]) {
    assert.throws(call, (e) => e instanceof InvalidArgumentError && /closed/.test(e.message));
  }
});

test('a file store keeps its data across close and reopen within one module; stores are independent', async () => {
  const core = await init();
  const file = `/tmp/store-${process.pid}-reopen.db`;
  const first = core.openStore(file, { now: T0 });
  first.put('outbox/1', { path: '/api/v1/notes', body: { dogId: 3, body: 'Sat' }, idempotencyKey: 'k-1' });
  first.put('cache/x', [1, 2]);
  first.close();
  const other = core.openStore(`/tmp/store-${process.pid}-other.db`, { now: T0 });
  other.put('outbox/1', 'other');
  const again = core.openStore(file, { now: T0 });
  assert.deepStrictEqual(again.get('outbox/1'), {
    path: '/api/v1/notes',
    body: { dogId: 3, body: 'Sat' },
    idempotencyKey: 'k-1',
  });
  assert.deepStrictEqual(
    again.entries().map((e) => e.key),
    ['cache/x', 'outbox/1'],
  );
  assert.equal(other.get('outbox/1'), 'other');
  // Two handles on one file see each other's writes.
  const second = core.openStore(file, { now: T0 });
  second.put('cache/y', true);
  assert.equal(again.get('cache/y'), true);
  second.close();
  again.close();
  other.close();
  // The rollback journal lives in memory: no journal file is left beside the database.
  assert.deepStrictEqual(
    core.raw.FS.readdir('/tmp').filter((n) => n.startsWith(`store-${process.pid}-reopen`)),
    [`store-${process.pid}-reopen.db`],
  );
});

test('storage failures are StorageError: a missing directory, a file that is not a database', async () => {
  const core = await init();
  assert.throws(
    () => core.openStore('/no/such/dir/x.db'),
    (e) => e instanceof StorageError && e.kind === 'storage' && /offline store/.test(e.message),
  );
  const junk = `/tmp/store-${process.pid}-junk.db`;
  core.raw.FS.writeFile(junk, 'this is not an SQLite database, just text that is long enough to be a header.....');
  assert.throws(() => core.openStore(junk), (e) => e instanceof StorageError && e instanceof PawnotesError);
});

test('mountPersistent in node: an in-memory directory, idempotent; persist() resolves; bad dirs rejected', async () => {
  const core = await init();
  const dir = `/pawnotes-test-${process.pid}`;
  await core.mountPersistent(dir);
  await core.mountPersistent(dir); // again: nothing to do
  const store = core.openStore(`${dir}/u1-o1.db`, { now: T0 });
  store.put('cache/GET /api/v1/owners/1', { id: 1, lastName: 'Lovelace' });
  store.close();
  await core.persist();
  await Promise.all([core.persist(), core.persist()]);
  assert.deepStrictEqual(core.raw.FS.readdir(dir).filter((n) => !n.startsWith('.')), ['u1-o1.db']);
  const reopened = core.openStore(`${dir}/u1-o1.db`, { now: T0 });
  assert.deepStrictEqual(reopened.get('cache/GET /api/v1/owners/1'), { id: 1, lastName: 'Lovelace' });
  reopened.close();
  for (const bad of ['relative/dir', '/', '', 42, null]) {
    await assert.rejects(core.mountPersistent(bad), InvalidArgumentError, String(bad));
  }
});

test('the raw store answers garbage with envelopes, never a throw', async () => {
  const core = await init();
  const raw = new core.raw.Store();
  const parse = (text) => JSON.parse(text);
  assert.deepStrictEqual(parse(raw.put('k', '1', T0)).error.kind, 'invalid_argument'); // not open
  assert.equal(raw.isOpen(), false);
  assert.deepStrictEqual(parse(raw.open(':memory:')), { ok: true, value: null });
  assert.equal(raw.isOpen(), true);
  for (const text of ['not json', '{"a":', '1 2', '', '{"a":1}x']) {
    const answer = parse(raw.put('k', text, T0));
    assert.equal(answer.ok, false, text);
    assert.equal(answer.error.kind, 'invalid_argument', text);
  }
  assert.equal(parse(raw.put('k', '{"a":1}', 'not a time')).error.kind, 'invalid_argument');
  assert.equal(parse(raw.put('', '1', T0)).error.kind, 'invalid_argument');
  assert.deepStrictEqual(parse(raw.get('k')), { ok: true, value: null });
  assert.deepStrictEqual(parse(raw.put('k', ' {"a": [1, 2]} ', '2026-11-24T12:00:00Z')), { ok: true, value: null });
  assert.deepStrictEqual(parse(raw.get('k')), {
    ok: true,
    value: { value: { a: [1, 2] }, updatedAt: '2026-11-24T12:00:00.000Z' },
  });
  assert.deepStrictEqual(parse(raw.remove('k')), { ok: true, value: true });
  assert.deepStrictEqual(parse(raw.entries('')), { ok: true, value: [] });
  assert.deepStrictEqual(parse(raw.close()), { ok: true, value: null });
  assert.deepStrictEqual(parse(raw.open('')).error.kind, 'invalid_argument');
  raw.delete();
});

test('index.d.ts declares the store exactly as the runtime has it', async () => {
  const core = await init();
  const dts = fs.readFileSync(path.join(repoRoot, 'wasm/package/index.d.ts'), 'utf8');
  const body = (name) => {
    const start = dts.search(new RegExp(`export (interface|class) ${name}\\b[^{]*\\{`));
    assert.ok(start >= 0, name);
    const end = dts.indexOf('\n}', start);
    return [...dts.slice(start, end).matchAll(/^\s{2}(?:private |readonly )*([A-Za-z]\w*)\s*[<(:?]/gm)]
      .map((m) => m[1])
      .filter((n) => n !== 'constructor')
      .sort();
  };
  const rawStore = new core.raw.Store();
  const rawMethods = Object.getOwnPropertyNames(core.raw.Store.prototype)
    .filter((n) => !n.startsWith('__') && typeof core.raw.Store.prototype[n] === 'function')
    .filter((n) => !['constructor', 'clone', 'isAliasOf', 'isDeleted', 'deleteLater', 'delete'].includes(n))
    .sort();
  assert.deepStrictEqual(
    body('RawStore').filter((n) => n !== 'delete'),
    rawMethods,
  );
  rawStore.delete();
  const storeMembers = Object.getOwnPropertyNames(Store.prototype)
    .filter((n) => n !== 'constructor')
    .sort();
  assert.deepStrictEqual(body('Store'), storeMembers);
  for (const name of body('RawStoreModule')) assert.ok(core.raw[name], `raw.${name}`);
  for (const name of body('EmscriptenFS')) assert.ok(core.raw.FS[name], `FS.${name}`);
  for (const name of ['openStore', 'mountPersistent', 'persist']) assert.equal(typeof core[name], 'function');
});
