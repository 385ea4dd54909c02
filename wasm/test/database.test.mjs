// CRUD and every query through the WebAssembly build on ":memory:", with the same fixture shape as the
// C++ tests (tests/support): exact values, computed members from the caller's clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConflictError,
  NotFoundError,
  NOW,
  testDb,
  ownerInput,
  dogInput,
  noteInput,
  visitInput,
  careFlagInput,
  vaccinationInput,
  trainerInput,
} from './support.mjs';

test('owner create/get/update/patch/list/remove round trip', async () => {
  const { db, admin } = await testDb();
  const owner = db.create(admin, 'owner', ownerInput());
  assert.deepStrictEqual(owner, {
    id: owner.id,
    firstName: 'Ada',
    lastName: 'Lovelace',
    address: '12 Park Road',
    city: 'Madison',
    telephone: '6085551023',
    email: null,
    version: 1,
    dogs: [],
  });
  assert.deepStrictEqual(db.get(admin, 'owner', owner.id), owner);

  const replaced = db.update(admin, 'owner', owner.id, { ...ownerInput(), city: 'Monona' }, { expectedVersion: 1 });
  assert.equal(replaced.city, 'Monona');
  assert.equal(replaced.version, 2);
  const patched = db.update(admin, 'owner', owner.id, { telephone: '123' }, { mode: 'patch', expectedVersion: 2 });
  assert.equal(patched.telephone, '123');
  assert.equal(patched.city, 'Monona');
  assert.equal(patched.version, 3);

  assert.throws(() => db.update(admin, 'owner', owner.id, ownerInput(), { expectedVersion: 1 }), ConflictError);

  db.create(admin, 'owner', ownerInput('Betty', 'Davis'));
  const page = db.list(admin, 'owner', { page: 0, size: 1, sort: 'lastName' });
  assert.equal(page.total, 2);
  assert.equal(page.totalPages, 2);
  assert.equal(page.items.length, 1);
  assert.equal(page.items[0].lastName, 'Davis');

  db.remove(admin, 'owner', owner.id, { expectedVersion: 3 });
  assert.throws(() => db.get(admin, 'owner', owner.id), NotFoundError);
});

test('dog computed members follow the caller clock; owner lists dogs by name', async () => {
  const { db, admin } = await testDb();
  const owner = db.create(admin, 'owner', ownerInput());
  const rex = db.create(admin, 'dog', dogInput(owner.id, 'Rex'));
  db.create(admin, 'dog', dogInput(owner.id, 'Ace'));
  assert.equal(rex.ageYears, 6);
  assert.equal(rex.status, 'active');
  assert.equal(rex.type.name, 'Dog');
  assert.deepStrictEqual(
    db.get(admin, 'owner', owner.id).dogs.map((d) => d.name),
    ['Ace', 'Rex'],
  );
  db.setNow('2027-03-01T00:00:00.000Z');
  assert.equal(db.get(admin, 'dog', rex.id).ageYears, 7);
  assert.equal(db.now(), '2027-03-01T00:00:00.000Z');
});

test('a clock function given to open is asked before every call', async () => {
  const { core } = await testDb();
  let now = '2026-01-01T00:00:00.000Z';
  const db = core.open(':memory:', { now: () => now });
  const org = db.createOrganization('Clocked');
  assert.equal(org.createdAt, '2026-01-01T00:00:00.000Z');
  now = new Date(Date.UTC(2026, 5, 2, 3, 4, 5, 6));
  assert.equal(db.createOrganization('Later').createdAt, '2026-06-02T03:04:05.006Z');
  db.close();
  assert.equal(db.closed, true);
});

test('createMany, queries and history', async () => {
  const { db, admin, trainer } = await testDb();
  const owners = db.createMany(admin, 'owner', [
    ownerInput('Ada', 'Morgan'),
    ownerInput('Bob', 'Morenson'),
    ownerInput('Cy', 'Smith'),
  ]);
  assert.equal(owners.length, 3);
  const found = db.searchOwners(admin, { lastNamePrefix: 'mor' });
  assert.deepStrictEqual(
    found.items.map((o) => o.lastName),
    ['Morenson', 'Morgan'],
  );
  assert.equal(found.total, 2);

  const rex = db.create(admin, 'dog', dogInput(owners[0].id, 'Rex'));
  db.create(admin, 'dog', { ...dogInput(owners[1].id, 'Rocky'), breed: 'Boxer' });
  assert.deepStrictEqual(
    db.listDogs(admin, { breed: 'boxer' }).items.map((d) => d.name),
    ['Rocky'],
  );
  assert.equal(db.listDogs(admin, { namePrefix: 'r' }).total, 2);

  const james = db.create(admin, 'trainer', trainerInput());
  db.create(trainer, 'visit', { ...visitInput(rex.id), trainerId: james.id });
  db.create(trainer, 'visit', { ...visitInput(rex.id, 'Booked session'), trainerId: james.id, date: '2026-12-01' });
  const note = db.create(trainer, 'note', noteInput(rex.id, 'Pulls on the leash near squirrels'));
  assert.deepStrictEqual(note.tags, ['recall', 'leash']);
  db.update(trainer, 'note', note.id, { body: 'Walks nicely past squirrels now' }, { mode: 'patch' });

  const timeline = db.timeline(admin, { dogId: rex.id, limit: 10 });
  assert.deepStrictEqual(
    timeline.items.map((e) => e.kind),
    ['visit', 'note', 'visit'],
  );
  assert.equal(timeline.nextCursor, null);
  const firstTwo = db.timeline(admin, { dogId: rex.id, limit: 2 });
  assert.equal(firstTwo.items.length, 2);
  assert.equal(typeof firstTwo.nextCursor, 'string');
  const rest = db.timeline(admin, { dogId: rex.id, limit: 2, cursor: firstTwo.nextCursor });
  assert.deepStrictEqual(
    rest.items.map((e) => e.kind),
    ['visit'],
  );

  const hits = db.searchNotes(admin, { text: 'squirrels' });
  assert.equal(hits.total, 1);
  assert.equal(hits.items[0].dogName, 'Rex');
  assert.match(hits.items[0].snippet, /<mark>squirrels<\/mark>/);
  assert.equal(db.searchNotes(admin, { text: 'leash' }).total, 0, 'the index follows the edit');
  assert.deepStrictEqual(
    db.noteRevisions(admin, note.id).map((r) => [r.revision, r.body, r.editedBy]),
    [[1, 'Pulls on the leash near squirrels', trainer.actorId]],
  );

  const upcoming = db.trainerVisits(admin, { trainerId: james.id, upcoming: true });
  assert.deepStrictEqual(
    upcoming.items.map((v) => v.description),
    ['Booked session'],
  );
  assert.equal(db.trainerVisits(admin, { trainerId: james.id, upcoming: false }).total, 1);

  db.create(trainer, 'careFlag', careFlagInput(rex.id));
  const flags = db.careFlags(admin, rex.id);
  assert.equal(flags.length, 1);
  assert.equal(flags[0].severity, 'danger');

  db.create(trainer, 'vaccination', vaccinationInput(rex.id));
  db.create(trainer, 'vaccination', { ...vaccinationInput(rex.id, 'Parvo'), expiresOn: '2026-12-10' });
  const vaccinations = db.vaccinations(admin, rex.id);
  assert.equal(vaccinations.length, 2);
  const parvo = vaccinations.find((v) => v.name === 'Parvo');
  assert.equal(parvo.status, 'due');
  assert.equal(parvo.daysLeft, 16);
  const due = db.vaccinationsDue(admin, { withinDays: 30 });
  assert.deepStrictEqual(
    due.items.map((d) => [d.vaccination.name, d.dogName, d.ownerId]),
    [['Parvo', 'Rex', owners[0].id]],
  );

  const history = db.history(admin, 'note', note.id);
  assert.deepStrictEqual(
    history.items.map((c) => c.operation),
    ['update', 'create'],
  );
  const changes = db.changesSince(admin, 0, 1000);
  assert.ok(changes.length >= 10);
  assert.deepStrictEqual(db.changesSince(admin, changes.at(-1).seq), []);

  const stats = db.stats(admin);
  assert.deepStrictEqual(
    [stats.owners, stats.dogs, stats.trainers, stats.visits, stats.notes, stats.careFlags, stats.vaccinations],
    [3, 2, 1, 2, 1, 1, 2],
  );
  assert.equal(stats.schemaVersion, 2);
});

test('organizations, users and the demo data set', async () => {
  const { db, admin, org } = await testDb();
  assert.deepStrictEqual(
    db.organizations().map((o) => o.name),
    ['Test Org', 'Other Org'],
  );
  const user = db.createUser(org.id, {
    username: 'ada',
    displayName: 'Ada L.',
    roles: ['admin'],
    passwordHash: '$argon2id$v=19$fake',
  });
  assert.deepStrictEqual(user, {
    id: user.id,
    username: 'ada',
    displayName: 'Ada L.',
    roles: ['admin'],
    enabled: true,
    version: 1,
  });
  assert.deepStrictEqual(
    db.users(org.id).map((u) => u.username),
    ['ada'],
  );
  const summary = db.loadDemo(admin);
  assert.ok(summary.owners > 0 && summary.notes > 0);
  assert.equal(db.stats(admin).owners, summary.owners);
  assert.throws(() => db.loadDemo(admin), ConflictError);
});

test('a database on the module file system keeps its data across open/close', async () => {
  const { core } = await testDb();
  const first = core.open('/tmp/pawnotes-wasm.db', { now: NOW });
  const org = first.createOrganization('On file');
  const scope = { organizationId: org.id, actorId: 1, roles: ['admin'] };
  first.create(scope, 'owner', ownerInput());
  first.close();
  const second = core.open('/tmp/pawnotes-wasm.db', { now: NOW });
  assert.equal(second.stats(scope).owners, 1);
  second.close();
});
