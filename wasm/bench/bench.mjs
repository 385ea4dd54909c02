// Owner search and timeline through @pawnotes/core in node (the JSON boundary included: request
// stringify, C++ parse, query, to_json, dump, JSON.parse), on the seeded data of data.mjs. Prints one
// JSON object. native_bench.cpp runs the same loading and the same queries natively.
// Usage: node wasm/bench/bench.mjs <data.json> [iterations]
import fs from 'node:fs';
import { init } from '../package/index.js';

const [dataFile, iterationsText] = process.argv.slice(2);
const iterations = Number(iterationsText ?? 1000);
const data = JSON.parse(fs.readFileSync(dataFile, 'utf8'));
const BASE = Date.parse('2026-11-24T12:00:00.000Z');

const initStart = performance.now();
const core = await init();
const initMs = performance.now() - initStart;
const db = core.open(':memory:', { now: new Date(BASE) });
const org = db.createOrganization('Bench');
const scope = { organizationId: org.id, actorId: 1, roles: ['admin'] };

function inBatches(items, make) {
  const ids = [];
  for (let start = 0, k = 0; start < items.length; start += data.batch, ++k) {
    db.setNow(new Date(BASE + k * 60000));
    for (const created of make(items.slice(start, start + data.batch))) ids.push(created.id);
  }
  return ids;
}

const loadStart = performance.now();
const ownerIds = inBatches(data.owners, (batch) => db.createMany(scope, 'owner', batch));
const dogIds = inBatches(data.dogs, (batch) =>
  db.createMany(
    scope,
    'dog',
    batch.map(({ ownerIndex, ...dog }) => ({ ...dog, ownerId: ownerIds[ownerIndex] })),
  ),
);
db.createMany(
  scope,
  'visit',
  data.visits.map(({ dogIndex, ...visit }) => ({ ...visit, dogId: dogIds[dogIndex] })),
);
inBatches(data.notes, (batch) =>
  db.createMany(
    scope,
    'note',
    batch.map(({ dogIndex, ...note }) => ({ ...note, dogId: dogIds[dogIndex] })),
  ),
);
const loadMs = performance.now() - loadStart;
db.setNow(new Date(BASE + 3600000));

function measure(name, fn) {
  for (let i = 0; i < Math.min(100, iterations); ++i) fn();
  const times = [];
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < iterations; ++i) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  const cpu = process.cpuUsage(cpuStart);
  times.sort((a, b) => a - b);
  return {
    name,
    medianUs: times[Math.floor(times.length / 2)] * 1000,
    cpuUs: (cpu.user + cpu.system) / iterations,
  };
}

const checks = {
  mor: db.searchOwners(scope, { lastNamePrefix: 'mor' }).total,
  moren: db.searchOwners(scope, { lastNamePrefix: 'moren' }).total,
  timeline: db.timeline(scope, { dogId: dogIds[0], limit: 50 }).items.length,
  firstTimelineAt: db.timeline(scope, { dogId: dogIds[0], limit: 50 }).items[0].at,
};
const results = [
  measure('owners mor', () => db.searchOwners(scope, { lastNamePrefix: 'mor' })),
  measure('owners moren', () => db.searchOwners(scope, { lastNamePrefix: 'moren' })),
  measure('timeline 50', () => db.timeline(scope, { dogId: dogIds[0], limit: 50 })),
];
console.log(JSON.stringify({ engine: 'wasm', initMs, loadMs, stats: db.stats(scope), checks, results }));
