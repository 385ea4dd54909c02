// Shared by the WebAssembly tests: the package, a database like tests/support (two organizations, a
// scope per role, a fixed clock at 2026-11-24T12:00:00Z) and valid inputs.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
export const distDir = path.join(repoRoot, 'wasm/package/dist');
export const vectorsDir = path.join(repoRoot, 'tests/vectors');

export * from '../package/index.js';
import { init } from '../package/index.js';

export const NOW = '2026-11-24T12:00:00.000Z';
export const TODAY = '2026-11-24';

export async function testDb() {
  const core = await init();
  const db = core.open(':memory:', { now: NOW });
  const org = db.createOrganization('Test Org');
  const otherOrg = db.createOrganization('Other Org');
  return {
    core,
    db,
    org,
    otherOrg,
    admin: { organizationId: org.id, actorId: 1, roles: ['admin'] },
    trainer: { organizationId: org.id, actorId: 2, roles: ['trainer'] },
    viewer: { organizationId: org.id, actorId: 3, roles: ['viewer'] },
    otherAdmin: { organizationId: otherOrg.id, actorId: 4, roles: ['admin'] },
  };
}

export const ownerInput = (firstName = 'Ada', lastName = 'Lovelace') => ({
  firstName,
  lastName,
  address: '12 Park Road',
  city: 'Madison',
  telephone: '6085551023',
  email: null,
});
export const dogInput = (ownerId, name = 'Rex') => ({
  ownerId,
  name,
  birthDate: '2020-03-01',
  breed: 'Collie',
  sex: 'female',
});
export const noteInput = (dogId, body = 'Sat nicely at the door') => ({
  dogId,
  body,
  category: 'progress',
  tags: ['recall', 'leash'],
});
export const visitInput = (dogId, description = 'Recall training') => ({
  dogId,
  date: '2026-11-20',
  description,
  durationMinutes: 45,
});
export const careFlagInput = (dogId, text = 'Bites when startled') => ({
  dogId,
  kind: 'behaviour_safety',
  severity: 'danger',
  text,
});
export const vaccinationInput = (dogId, name = 'Rabies') => ({
  dogId,
  name,
  givenOn: '2026-01-10',
  expiresOn: '2027-01-10',
});
export const trainerInput = (firstName = 'James', lastName = 'Carter') => ({
  firstName,
  lastName,
  email: null,
  specialtyIds: [],
});
