// Replays every shared validation vector (tests/vectors/validation/*.json) through the WebAssembly build,
// exactly as tests/test_vectors.cpp does for C++: errors equal in order, results equal as JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { init, ValidationError, vectorsDir } from './support.mjs';

const files = fs
  .readdirSync(path.join(vectorsDir, 'validation'))
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => path.join(vectorsDir, 'validation', name));

const core = await init();

/** What the core answers for one case, in the vectors' "expect" form. */
function runCase(c) {
  try {
    if ('inputText' in c) return { result: core.validateText(c.entity, c.inputText, c.today, c.mode) };
    return { result: core.validate(c.entity, c.input, c.today, c.mode) };
  } catch (error) {
    if (error instanceof ValidationError) return { errors: error.errors };
    throw error;
  }
}

test('there are vector files for every entity', () => {
  assert.ok(files.length >= 11, `only ${files.length} vector files`);
  assert.deepEqual(files.map((f) => path.basename(f, '.json')).sort(), [...core.entities()].sort());
});

let total = 0;
for (const file of files) {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  test(`validation vectors replay exactly: ${path.basename(file)}`, () => {
    assert.ok(Array.isArray(doc.cases));
    for (const c of doc.cases) {
      assert.notEqual('errors' in c.expect, 'result' in c.expect, `${c.name}: exactly one of errors/result`);
      assert.deepStrictEqual(runCase(c), c.expect, `${path.basename(file)}: ${c.name}`);
      ++total;
    }
  });
  test(`check() agrees with validate(): ${path.basename(file)}`, () => {
    for (const c of doc.cases) {
      if ('inputText' in c) continue;
      const errors = core.check(c.entity, c.input, c.today, c.mode);
      assert.deepStrictEqual(errors, c.expect.errors ?? [], `${path.basename(file)}: ${c.name}`);
    }
  });
}

test('every case was replayed', () => {
  assert.ok(total >= 150, `only ${total} cases`);
  console.log(`# replayed ${total} validation vectors from ${files.length} files`);
});
