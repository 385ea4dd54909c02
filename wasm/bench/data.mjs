// The seeded benchmark data shared by the WebAssembly (bench.mjs) and native (native_bench.cpp) runs:
// both insert exactly these records, in these batches, at these clock times. Same seed, same data.
// Usage: node wasm/bench/data.mjs <out.json> [owners] [notes]

import fs from 'node:fs';

/** splitmix64-style 32-bit generator: tiny, portable, deterministic. */
function rng(seed) {
  let state = BigInt(seed);
  return () => {
    state = (state + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
    return Number((z ^ (z >> 31n)) & 0xffffffffn);
  };
}

const onset = ['Ber', 'Dal', 'Fen', 'Gar', 'Hol', 'Kel', 'Lin', 'Mor', 'Nor', 'Par', 'Ros', 'Sal', 'Tor', 'Val',
  'Wes', 'Ash', 'Bro', 'Cal', 'Dun', 'Eck', 'Fal', 'Gil', 'Har', 'Ive', 'Jen', 'Kin', 'Lar', 'Mac', 'Nel', 'Ols',
  'Pet', 'Ric', 'Ste', 'Tho', 'Wal', 'Yor', 'Bar', 'Cor', 'Der', 'Fis', 'Gra', 'Hen', 'Joh', 'Ker', 'Lew', 'Mil',
  'Nic', 'Ost', 'Pri', 'Rob', 'Sch', 'Tur', 'Vos', 'Whi', 'And', 'Bak', 'Cla', 'Eva', 'Fos', 'Gre'];
const middle = ['a', 'e', 'i', 'o', 'u', 'en', 'ar', 'el'];
const ending = ['son', 'berg', 'ton', 'ley', 'man', 'ford', 'sen', 'er', 'ski', 'wood'];
const firstNames = ['Anna', 'Ben', 'Clara', 'David', 'Emma', 'Felix', 'Greta', 'Hugo', 'Ida', 'Jonas', 'Karin',
  'Lars', 'Maja', 'Nils', 'Olga', 'Paul'];
const cities = ['Oslo', 'Bergen', 'Madison', 'Aspen', 'Leeds', 'Lyon', 'Graz', 'Turku'];
const dogNames = ['Rex', 'Bella', 'Max', 'Luna', 'Charlie', 'Daisy', 'Rocky', 'Molly', 'Buddy', 'Lola', 'Milo',
  'Ruby', 'Toby', 'Rosie', 'Bruno', 'Nala'];
const breeds = ['Border Collie', 'Labrador', 'Poodle', 'Beagle', 'Boxer', 'Dachshund', 'Husky', 'Whippet'];
const categories = ['behaviour', 'progress', 'health', 'incident', 'general'];
const tagWords = ['recall', 'leash', 'crate', 'puppy', 'reactivity', 'agility', 'nosework', 'vet'];
const words = ('sit stay heel recall leash lunging squirrel door crate calm treat reward bark jump walk park ' +
  'focus loose pull settle mat wait come down place touch target marker click distance duration distraction ' +
  'greeting visitor neighbour bike jogger cat car puppy socialisation confidence play tug fetch nose scent')
  .split(' ');

export function makeData(owners = 20000, notes = 20000, busyNotes = 2000, seed = 42) {
  const next = rng(seed);
  const pick = (list) => list[next() % list.length];
  const ownerInputs = [];
  const dogsPerOwner = [];
  for (let i = 0; i < owners; ++i) {
    ownerInputs.push({
      firstName: pick(firstNames),
      lastName: pick(onset) + pick(middle) + pick(ending),
      address: `${1 + (next() % 200)} High Street`,
      city: pick(cities),
      telephone: String(5550000000 + (next() % 1000000)),
    });
    dogsPerOwner.push(1 + (next() % 2));
  }
  // Dogs refer to their owner by index (ids are assigned by the database: index + first id).
  const dogInputs = [];
  dogsPerOwner.forEach((count, ownerIndex) => {
    const first = next() % 16;
    for (let d = 0; d < count; ++d) {
      dogInputs.push({
        ownerIndex,
        name: dogNames[(first + d) % 16],
        birthDate: `${2012 + (next() % 13)}-0${1 + (next() % 9)}-1${next() % 9}`,
        breed: pick(breeds),
      });
    }
  });
  const body = () => {
    const length = 12 + (next() % 29);
    const out = [];
    for (let w = 0; w < length; ++w) out.push(pick(words));
    return out.join(' ');
  };
  // Notes refer to their dog by index; dog 0 is the busy dog (every n-th note, plus its visits).
  const noteInputs = [];
  const total = notes + busyNotes;
  const every = Math.floor(total / busyNotes);
  for (let n = 0; n < total; ++n) {
    const tags = [];
    for (let t = next() % 3; t > 0; --t) tags.push(pick(tagWords));
    noteInputs.push({
      dogIndex: n % every === 0 ? 0 : 1 + (next() % (dogInputs.length - 1)),
      body: body(),
      category: pick(categories),
      tags,
      visibility: next() % 4 === 0 ? 'shared' : 'internal',
    });
  }
  const visitInputs = [];
  for (let v = 0; v < 200; ++v) {
    const day = new Date(Date.UTC(2025, 0, 1) + v * 2 * 86400000).toISOString().slice(0, 10);
    visitInputs.push({ dogIndex: 0, date: day, description: 'Training session', durationMinutes: 45 });
  }
  return { seed, owners: ownerInputs, dogs: dogInputs, notes: noteInputs, visits: visitInputs, batch: 5000 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [out, owners, notes] = process.argv.slice(2);
  const data = makeData(Number(owners ?? 20000), Number(notes ?? 20000));
  fs.writeFileSync(out, JSON.stringify(data));
  console.log(`${out}: ${data.owners.length} owners, ${data.dogs.length} dogs, ${data.notes.length} notes, ${data.visits.length} visits`);
}
