// Run by wasm/test.sh (not a node --test file) from a scratch project where the packed tarball (npm pack) was installed: the
// package resolves by name through its "exports", loads its .wasm from node_modules and works.
import { init, ValidationError } from '@pawnotes/core';

const core = await init();
const db = core.open(':memory:', { now: '2026-11-24T12:00:00.000Z' });
const org = db.createOrganization('Consumer');
const scope = { organizationId: org.id, actorId: 1, roles: ['admin'] };
try {
  db.create(scope, 'owner', {});
  throw new Error('expected a ValidationError');
} catch (error) {
  if (!(error instanceof ValidationError) || error.errors.length !== 5) throw error;
}
console.log(`consumer: @pawnotes/core ${core.version()} installed from its tarball works (org ${org.id})`);
