// Errors come back typed, never as a bare number: the envelope at the module level (raw) and the
// PawnotesError subclasses at the package level.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  init,
  testDb,
  ownerInput,
  dogInput,
  trainerInput,
  PawnotesError,
  ValidationError,
  NotFoundError,
  ConflictError,
  ForbiddenError,
  StorageError,
  InvalidArgumentError,
  TODAY,
  NOW,
} from './support.mjs';

/** The thrown error (fails if nothing is thrown). */
function caught(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail('expected an error');
}

test('validation errors list every field, in rule order', async () => {
  const { db, admin } = await testDb();
  const error = caught(() => db.create(admin, 'owner', { firstName: 'Ada1', telephone: 'abc' }));
  assert.ok(error instanceof ValidationError);
  assert.ok(error instanceof PawnotesError);
  assert.equal(error.kind, 'validation');
  assert.deepStrictEqual(
    error.errors.map((e) => [e.field, e.code]),
    [
      ['firstName', 'pattern'],
      ['lastName', 'required'],
      ['address', 'required'],
      ['city', 'required'],
      ['telephone', 'pattern'],
    ],
  );
  for (const e of error.errors) assert.equal(typeof e.message, 'string');
});

test('storage-level field errors: unique and not_found', async () => {
  const { db, admin, otherAdmin } = await testDb();
  const owner = db.create(admin, 'owner', ownerInput());
  db.create(admin, 'dog', dogInput(owner.id, 'Rex'));
  const duplicate = caught(() => db.create(admin, 'dog', dogInput(owner.id, 'rex')));
  assert.ok(duplicate instanceof ValidationError);
  assert.deepStrictEqual(
    duplicate.errors.map((e) => [e.field, e.code]),
    [['name', 'unique']],
  );
  const foreign = caught(() => db.create(otherAdmin, 'dog', dogInput(owner.id, 'Max')));
  assert.ok(foreign instanceof ValidationError);
  assert.deepStrictEqual(
    foreign.errors.map((e) => [e.field, e.code]),
    [['ownerId', 'not_found']],
  );
});

test('not_found, conflict and forbidden are typed', async () => {
  const { db, admin, trainer, viewer, otherAdmin } = await testDb();
  const owner = db.create(admin, 'owner', ownerInput());
  db.create(admin, 'dog', dogInput(owner.id));

  const missing = caught(() => db.get(admin, 'owner', 999));
  assert.ok(missing instanceof NotFoundError);
  assert.equal(missing.kind, 'not_found');
  assert.ok(caught(() => db.get(otherAdmin, 'owner', owner.id)) instanceof NotFoundError, 'tenancy');

  const stale = caught(() => db.update(admin, 'owner', owner.id, ownerInput(), { expectedVersion: 7 }));
  assert.ok(stale instanceof ConflictError);
  const inUse = caught(() => db.remove(admin, 'owner', owner.id));
  assert.ok(inUse instanceof ConflictError, 'an owner with dogs');

  const readOnly = caught(() => db.create(viewer, 'owner', ownerInput()));
  assert.ok(readOnly instanceof ForbiddenError);
  assert.equal(readOnly.kind, 'forbidden');
  // Forbidden comes before validation: an invalid body by a trainer for an admin-only entity.
  assert.ok(caught(() => db.create(trainer, 'trainer', { firstName: 1 })) instanceof ForbiddenError);
  assert.ok(db.create(admin, 'trainer', trainerInput()).id > 0);
});

test('storage errors are typed: a database in a missing directory', async () => {
  const { core } = await testDb();
  const error = caught(() => core.open('/no/such/dir/x.db', { now: NOW }));
  assert.ok(error instanceof StorageError, `${error?.name}: ${error?.message}`);
  assert.doesNotMatch(error.message, /SELECT|INSERT|sqlite3_/i);
});

test('malformed calls are InvalidArgumentError, never a number', async () => {
  const { db, admin } = await testDb();
  const cases = [
    () => db.create(admin, 'cat', ownerInput()),
    () => db.get(admin, 'owner', 'seven'),
    () => db.get({ organizationId: 'x' }, 'owner', 1),
    () => db.get({ organizationId: 1, roles: ['root'] }, 'owner', 1),
    () => db.update(admin, 'owner', 1, ownerInput(), { mode: 'create' }),
    () => db.timeline(admin, {}),
    () => db.setNow('yesterday'),
  ];
  for (const fn of cases) {
    const error = caught(fn);
    assert.ok(error instanceof InvalidArgumentError, `${error}`);
    assert.equal(error.kind, 'invalid_argument');
  }
  const core = await init();
  assert.ok(caught(() => core.validate('owner', {}, 'not a date')) instanceof InvalidArgumentError);
  assert.ok(caught(() => core.validate('owner', {}, TODAY, 'upsert')) instanceof InvalidArgumentError);
  assert.ok(caught(() => core.jsonSchema('nope')) instanceof InvalidArgumentError);
  const bad = caught(() => db.searchNotes(admin, { text: 'x', dateFrom: '2026-02-30' }));
  assert.ok(bad instanceof ValidationError);
  assert.deepStrictEqual(bad.errors, [{ field: 'dateFrom', code: 'invalid_date', message: 'must be a valid date (YYYY-MM-DD)' }]);
  const cyclic = ownerInput();
  cyclic.self = cyclic;
  assert.ok(caught(() => db.create(admin, 'owner', cyclic)) instanceof InvalidArgumentError);
  assert.ok(caught(() => db.get(admin, 'owner', 1n)) instanceof InvalidArgumentError);
  assert.ok(caught(() => core.validate('owner', { n: 1n }, TODAY)) instanceof InvalidArgumentError);
  assert.ok(caught(() => core.open(':memory:', { now: 42 })) instanceof InvalidArgumentError);
  assert.ok(caught(() => core.open(':memory:', { now: new Date('never') })) instanceof InvalidArgumentError);
  assert.ok(caught(() => core.open(':memory:', { now: NOW, cacheSizeKib: 'big' })) instanceof InvalidArgumentError);
  assert.ok(caught(() => core.open(':memory:', { now: NOW, readOnly: 'yes' })) instanceof InvalidArgumentError);
  const small = core.open(':memory:', { now: NOW, cacheSizeKib: 256, migrate: true });
  assert.equal(small.createOrganization('Small cache').name, 'Small cache');
  small.close();
  db.close();
  assert.ok(caught(() => db.stats(admin)) instanceof InvalidArgumentError);
});

test('the raw module answers garbage with an envelope, never a thrown number', async () => {
  const core = await init();
  const raw = core.raw;
  const db = new raw.Database();
  const garbage = ['', 'garbage', '{', '[]', '42', 'null', '{"scope": 5}', '\u0000\uffff', '{"now": 5}'];
  const isEnvelope = (text) => {
    assert.equal(typeof text, 'string');
    const parsed = JSON.parse(text);
    assert.equal(typeof parsed.ok, 'boolean');
    if (!parsed.ok) {
      assert.equal(typeof parsed.error.kind, 'string');
      assert.equal(typeof parsed.error.message, 'string');
    }
    return parsed;
  };
  // Not open yet: every method still answers.
  assert.equal(isEnvelope(db.stats('{}')).error.kind, 'invalid_argument');
  assert.equal(
    isEnvelope(db.open(JSON.stringify({ path: ':memory:', now: NOW }))).ok,
    true,
  );
  const methods = [
    'create', 'get', 'update', 'remove', 'list', 'createMany', 'searchOwners', 'listDogs', 'timeline',
    'searchNotes', 'vaccinationsDue', 'trainerVisits', 'noteRevisions', 'careFlags', 'vaccinations', 'history',
    'changesSince', 'createOrganization', 'createUser', 'users', 'stats', 'loadDemo', 'generateSynthetic',
  ];
  for (const method of methods) {
    for (const text of garbage) {
      const parsed = isEnvelope(db[method](text));
      assert.equal(parsed.ok, false, `${method}(${JSON.stringify(text)})`);
      assert.ok(['invalid_argument', 'validation'].includes(parsed.error.kind), `${method}: ${parsed.error.kind}`);
    }
  }
  // Data that is not an object reaches validation and comes back as field errors.
  isEnvelope(db.createOrganization('{"name": "Org"}'));
  const scope = { organizationId: 1, actorId: 1, roles: ['admin'] };
  for (const data of [42, 'text', [], [1, 2], { firstName: { deep: [1] } }]) {
    const parsed = isEnvelope(db.create(JSON.stringify({ scope, entity: 'owner', data })));
    assert.equal(parsed.error.kind, 'validation', JSON.stringify(data));
    assert.ok(parsed.error.errors.length > 0);
  }
  // Module-level calls with garbage text.
  for (const text of garbage) {
    const parsed = isEnvelope(raw.validate('owner', text, TODAY, 'create'));
    assert.equal(parsed.ok, false);
    assert.equal(isEnvelope(raw.check('owner', text, TODAY, 'create')).ok, true);
  }
  assert.equal(isEnvelope(raw.validate('Owner', '{}', TODAY, 'create')).error.kind, 'invalid_argument');
  assert.equal(isEnvelope(raw.check('owner', '{}', '2026-13-01', 'create')).error.kind, 'invalid_argument');
  assert.deepStrictEqual(isEnvelope(raw.check('owner', '{', TODAY, 'create')).value, [
    { field: '', code: 'malformed_json', message: 'is not valid JSON' },
  ]);
  // Deeply nested input does not crash the module.
  const deep = '['.repeat(100000) + ']'.repeat(100000);
  assert.equal(isEnvelope(raw.validate('owner', deep, TODAY, 'create')).ok, false);
  assert.equal(isEnvelope(raw.check('owner', deep, TODAY, 'create')).value[0].code, 'malformed_json');
  const deepRequest = JSON.stringify({ scope, entity: 'owner', data: ownerInput() }).replace('"data":', `"deep":${deep},"data":`);
  assert.equal(isEnvelope(db.create(deepRequest)).error.kind, 'invalid_argument');
  db.close();
  db.delete();
});

test('jsonSchema and version', async () => {
  const core = await init();
  assert.equal(core.version(), '0.1.0');
  const schema = core.jsonSchema('owner');
  assert.equal(schema.title, 'Owner');
  assert.ok(schema.properties.lastName);
  for (const entity of core.entities()) assert.equal(typeof core.jsonSchema(entity), 'object');
});
