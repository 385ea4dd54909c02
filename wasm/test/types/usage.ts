// Type-checked (tsc --strict --noEmit, run by wasm/test.sh) against ../../package/index.d.ts: the calls
// the node tests make, with the types they must have. A wrong declaration fails the compile.
import {
  init,
  ValidationError,
  PawnotesError,
  NotFoundError,
  type Owner,
  type Dog,
  type Page,
  type CursorPage,
  type TimelineEntry,
  type NoteHit,
  type FieldError,
  type Scope,
  type Stats,
  type RawModule,
} from '@pawnotes/core';

export async function usage(): Promise<void> {
  const core = await init();
  const raw: RawModule = core.raw;
  const envelope: string = raw.validate('owner', '{}', '2026-11-24', 'create');
  void envelope;
  const version: string = core.version();
  void version;
  const db = core.open(':memory:', { now: () => new Date() });
  const org = db.createOrganization('Org');
  const scope: Scope = { organizationId: org.id, actorId: 1, roles: ['admin'] };
  const owner: Owner = db.create(scope, 'owner', { firstName: 'Ada', lastName: 'Lovelace' });
  const dog: Dog = db.create(scope, 'dog', { ownerId: owner.id, name: 'Rex' });
  const again: Dog = db.update(scope, 'dog', dog.id, { status: 'archived' }, { mode: 'patch', expectedVersion: 1 });
  const page: Page<Owner> = db.searchOwners(scope, { lastNamePrefix: 'lo', size: 5 });
  const listed: Page<Dog> = db.list(scope, 'dog', { sort: '-name' });
  const timeline: CursorPage<TimelineEntry> = db.timeline(scope, { dogId: again.id, limit: 10 });
  const hits: Page<NoteHit> = db.searchNotes(scope, { text: 'recall', dateFrom: '2026-01-01' });
  const stats: Stats = db.stats(scope);
  const errors: FieldError[] = core.check('note', { dogId: 1 }, '2026-11-24');
  void [page, listed, timeline.nextCursor, hits.items[0]?.snippet, stats.schemaVersion, errors];
  db.remove(scope, 'dog', dog.id, { cascade: true });
  try {
    db.get(scope, 'owner', 42);
  } catch (error) {
    if (error instanceof ValidationError) {
      const first: FieldError | undefined = error.errors[0];
      void first;
    } else if (error instanceof NotFoundError) {
      const kind: 'not_found' = error.kind;
      void kind;
    } else if (error instanceof PawnotesError) {
      void error.kind;
    }
  }
  db.close();
}
