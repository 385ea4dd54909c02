// Types of @pawnotes/core (hand-written: Emscripten 3.1.6 has no --emit-tsd). They describe index.js and
// the JSON the core returns (canonical JSON: camelCase, absent optional values are null, never omitted).

// ---------------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------------

export type EntityName =
  | 'organization'
  | 'user'
  | 'owner'
  | 'petType'
  | 'dog'
  | 'trainer'
  | 'specialty'
  | 'visit'
  | 'note'
  | 'careFlag'
  | 'vaccination'
  | 'skill'
  | 'goal'
  | 'trainingSession'
  | 'homework';

/** The entities Database.create/get/update/remove/list handle (organizations and users have their own calls). */
export type RecordEntityName = Exclude<EntityName, 'organization' | 'user'>;

export type RoleName = 'admin' | 'trainer' | 'viewer';
export type ValidationMode = 'create' | 'replace' | 'patch';

/** "YYYY-MM-DD" */
export type DateString = string;
/** "YYYY-MM-DDTHH:MM:SS.mmmZ" (input: any RFC 3339 timestamp) */
export type TimestampString = string;

/** Who is asking: every database call takes one. */
export interface Scope {
  organizationId: number;
  /** The acting user's id (0 = the system; the default). */
  actorId?: number;
  roles: RoleName[];
}

// ---------------------------------------------------------------------------------------------------
// Records (output)
// ---------------------------------------------------------------------------------------------------

export interface Organization {
  id: number;
  name: string;
  createdAt: TimestampString;
  version: number;
}

export interface User {
  id: number;
  username: string;
  displayName: string;
  roles: RoleName[];
  enabled: boolean;
  version: number;
}

export interface PetType {
  id: number;
  name: string;
  version: number;
}

export interface Specialty {
  id: number;
  name: string;
  version: number;
}

export type DogSex = 'male' | 'female' | 'unknown';
export type DogStatus = 'active' | 'inactive' | 'archived';

export interface Dog {
  id: number;
  ownerId: number;
  typeId: number | null;
  type: { id: number; name: string } | null;
  name: string;
  birthDate: DateString | null;
  breed: string | null;
  sex: DogSex;
  weightKg: number | null;
  microchip: string | null;
  status: DogStatus;
  /** Whole years from birthDate to the clock's today. */
  ageYears: number | null;
  version: number;
}

export interface Owner {
  id: number;
  firstName: string;
  lastName: string;
  address: string;
  city: string;
  telephone: string;
  email: string | null;
  version: number;
  /** Ordered by name; [] when none. */
  dogs: Dog[];
}

export interface Trainer {
  id: number;
  firstName: string;
  lastName: string;
  email: string | null;
  specialties: Specialty[];
  specialtyIds: number[];
  version: number;
}

export interface Visit {
  id: number;
  dogId: number;
  trainerId: number | null;
  date: DateString;
  description: string;
  durationMinutes: number | null;
  version: number;
}

export type NoteCategory = 'behaviour' | 'progress' | 'health' | 'incident' | 'general';
export type NoteVisibility = 'internal' | 'shared';

export interface Note {
  id: number;
  dogId: number;
  authorId: number;
  body: string;
  category: NoteCategory;
  tags: string[];
  visibility: NoteVisibility;
  createdAt: TimestampString;
  updatedAt: TimestampString;
  revision: number;
  deletedAt: TimestampString | null;
  version: number;
}

/** An earlier state of a note. */
export interface NoteRevision {
  noteId: number;
  revision: number;
  body: string;
  category: NoteCategory;
  tags: string[];
  visibility: NoteVisibility;
  editedBy: number;
  editedAt: TimestampString;
}

export type CareFlagKind = 'medical' | 'allergy' | 'behaviour_safety' | 'handling';
export type CareFlagSeverity = 'info' | 'caution' | 'danger';

export interface CareFlag {
  id: number;
  dogId: number;
  kind: CareFlagKind;
  severity: CareFlagSeverity;
  text: string;
  active: boolean;
  createdAt: TimestampString;
  version: number;
}

/** Criteria in the three Ds; each is null when not part of the criteria. */
export interface Criteria {
  distanceMetres: number | null;
  durationSeconds: number | null;
  /** 0 (none) to 5. */
  distractionLevel: number | null;
}
export interface Skill {
  id: number;
  name: string;
  description: string | null;
  version: number;
}
export type GoalStatus = 'active' | 'met' | 'paused' | 'dropped';
export interface Goal {
  id: number;
  dogId: number;
  skillId: number;
  baseline: Criteria | null;
  target: Criteria;
  status: GoalStatus;
  startDate: DateString;
  targetDate: DateString | null;
  version: number;
}
/** One goal's trials in a session, at the criteria used that day. */
export interface Trial extends Criteria {
  goalId: number;
  attempts: number;
  /** At most attempts. */
  successes: number;
}
export interface TrainingSession {
  id: number;
  dogId: number;
  trainerId: number;
  date: DateString;
  note: string | null;
  trials: Trial[];
  version: number;
}
export interface Homework {
  id: number;
  goalId: number;
  /** The goal's dog (set by the core). */
  dogId: number;
  exercise: string;
  assignedOn: DateString;
  dueDate: DateString;
  done: boolean;
  ownerComment: string | null;
  /** When it was marked done (set by the core). */
  doneAt: string | null;
  version: number;
}

export interface Vaccination {
  id: number;
  dogId: number;
  name: string;
  givenOn: DateString;
  expiresOn: DateString;
  /** "expired" if expiresOn < today, "due" if expiresOn <= today + 30, else "ok". */
  status: 'ok' | 'due' | 'expired';
  /** expiresOn - today (negative when expired). */
  daysLeft: number;
  version: number;
}

export interface ChangeRecord {
  seq: number;
  entity: EntityName;
  entityId: number;
  operation: 'create' | 'update' | 'delete';
  actorId: number;
  at: TimestampString;
  version: number;
  /** The record after the change (before it, for a delete). */
  data: Record<string, unknown>;
}

export interface RecordMap {
  owner: Owner;
  petType: PetType;
  dog: Dog;
  trainer: Trainer;
  specialty: Specialty;
  visit: Visit;
  note: Note;
  careFlag: CareFlag;
  vaccination: Vaccination;
  skill: Skill;
  goal: Goal;
  trainingSession: TrainingSession;
  homework: Homework;
}

// ---------------------------------------------------------------------------------------------------
// Inputs (the core validates them; unknown and read-only members are ignored)
// ---------------------------------------------------------------------------------------------------

export interface OwnerInput {
  firstName?: string;
  lastName?: string;
  address?: string;
  city?: string;
  telephone?: string;
  email?: string | null;
}
export interface PetTypeInput {
  name?: string;
}
export interface SpecialtyInput {
  name?: string;
}
export interface DogInput {
  ownerId?: number;
  /** Absent: the organization's "dog" pet type. */
  typeId?: number | null;
  name?: string;
  birthDate?: DateString | null;
  breed?: string | null;
  sex?: DogSex;
  weightKg?: number | null;
  microchip?: string | null;
  status?: DogStatus;
}
export interface TrainerInput {
  firstName?: string;
  lastName?: string;
  email?: string | null;
  specialtyIds?: number[];
}
export interface VisitInput {
  dogId?: number;
  trainerId?: number | null;
  /** Default: today. */
  date?: DateString;
  description?: string;
  durationMinutes?: number | null;
}
export interface NoteInput {
  dogId?: number;
  body?: string;
  category?: NoteCategory;
  tags?: string[];
  visibility?: NoteVisibility;
}
export interface CareFlagInput {
  dogId?: number;
  kind?: CareFlagKind;
  severity?: CareFlagSeverity;
  text?: string;
  active?: boolean;
}
export interface VaccinationInput {
  dogId?: number;
  name?: string;
  givenOn?: DateString;
  expiresOn?: DateString;
}
export interface CriteriaInput {
  distanceMetres?: number | null;
  durationSeconds?: number | null;
  distractionLevel?: number | null;
}
export interface SkillInput {
  name?: string;
  description?: string | null;
}
export interface GoalInput {
  dogId?: number;
  skillId?: number;
  baseline?: CriteriaInput | null;
  target?: CriteriaInput;
  status?: GoalStatus;
  startDate?: DateString;
  targetDate?: DateString | null;
}
export interface TrialInput extends CriteriaInput {
  goalId: number;
  attempts: number;
  successes: number;
}
export interface TrainingSessionInput {
  dogId?: number;
  trainerId?: number;
  date?: DateString;
  note?: string | null;
  trials?: TrialInput[];
}
export interface HomeworkInput {
  goalId?: number;
  exercise?: string;
  assignedOn?: DateString;
  dueDate?: DateString;
  done?: boolean;
  ownerComment?: string | null;
}
export interface UserInput {
  username: string;
  displayName?: string;
  roles: RoleName[];
  /** Already a hash (the core never hashes). */
  passwordHash: string;
  enabled?: boolean;
}

export interface InputMap {
  owner: OwnerInput;
  petType: PetTypeInput;
  dog: DogInput;
  trainer: TrainerInput;
  specialty: SpecialtyInput;
  visit: VisitInput;
  note: NoteInput;
  careFlag: CareFlagInput;
  vaccination: VaccinationInput;
  skill: SkillInput;
  goal: GoalInput;
  trainingSession: TrainingSessionInput;
  homework: HomeworkInput;
}

// ---------------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------------

/** Zero-based page of `size` items (1..1000); sort: a key of the query, "-" in front for descending. */
export interface PageRequest {
  page?: number;
  size?: number;
  sort?: string;
}

export interface Page<T> {
  items: T[];
  page: number;
  size: number;
  total: number;
  totalPages: number;
}

/** A page of note-search hits (lib/include/pawnotes/search_rule.hpp): the order applied, and whether
 * `total` is exact (false: a lower bound, more notes match). */
export interface NoteHitPage extends Page<NoteHit> {
  order: 'relevance' | 'newest' | 'createdAt' | '-createdAt';
  totalExact: boolean;
}

export interface CursorPage<T> {
  items: T[];
  /** null on the last page. */
  nextCursor: string | null;
}

export interface OwnerSearch extends PageRequest {
  /** Case-insensitive prefix of the last name ("" or absent: all). Sort: lastName, firstName, city, id. */
  lastNamePrefix?: string;
}

export interface DogFilter extends PageRequest {
  namePrefix?: string;
  breed?: string;
  ownerId?: number;
  typeId?: number;
  status?: DogStatus;
}

export interface TimelineRequest {
  dogId: number;
  /** 1..500, default 50. */
  limit?: number;
  cursor?: string;
  includeDeletedNotes?: boolean;
}

export interface TimelineEntry {
  kind: 'visit' | 'note';
  at: string;
  visit?: Visit;
  note?: Note;
}

export interface NoteSearch extends PageRequest {
  /** FTS5 words; quotes for phrases. Sort: relevance (default), createdAt. */
  text?: string;
  category?: NoteCategory;
  tag?: string;
  dogId?: number;
  visibility?: NoteVisibility;
  /** createdAt date on or after (an invalid date is a ValidationError on "dateFrom"). */
  dateFrom?: DateString;
  /** createdAt date on or before (an invalid date is a ValidationError on "dateTo"). */
  dateTo?: DateString;
}

export interface NoteHit {
  note: Note;
  dogName: string;
  /** Matched words in <mark>...</mark>, other text HTML-escaped. */
  snippet: string;
  /** Lower is better (bm25). */
  rank: number;
}

export interface VaccinationDueRequest extends PageRequest {
  withinDays?: number;
  includeExpired?: boolean;
}

export interface VaccinationDue {
  vaccination: Vaccination;
  dogName: string;
  ownerId: number;
}

export interface TrainerVisitsRequest extends PageRequest {
  trainerId: number;
  /** true (default): date >= today, soonest first; false: date < today, newest first. */
  upcoming?: boolean;
}

export interface Stats {
  owners: number;
  dogs: number;
  trainers: number;
  visits: number;
  notes: number;
  careFlags: number;
  vaccinations: number;
  changes: number;
  schemaVersion: number;
}

/** Records created by loadDemo / generateSynthetic, per entity. */
export interface ImportSummary {
  owners: number;
  dogs: number;
  petTypes: number;
  trainers: number;
  specialties: number;
  visits: number;
  notes: number;
  careFlags: number;
  vaccinations: number;
  users: number;
}

export interface SyntheticOptions {
  owners?: number;
  dogsPerOwner?: number;
  notes?: number;
  seed?: number;
  batchSize?: number;
}

// ---------------------------------------------------------------------------------------------------
// Errors: every call throws only these
// ---------------------------------------------------------------------------------------------------

export type ErrorKind =
  | 'validation'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'storage'
  | 'invalid_argument'
  | 'internal';

export interface FieldError {
  /** camelCase member ("tags[2]", "[3].body" for createMany, "" for the whole input). */
  field: string;
  /** "required", "too_long", "pattern", "unique", "not_found", ... */
  code: string;
  /** An English sentence that can be shown as is. */
  message: string;
}

/** The error member of a failed envelope. */
export interface ErrorJson {
  kind: ErrorKind;
  message: string;
  errors?: FieldError[];
}

export class PawnotesError extends Error {
  constructor(kind: ErrorKind, message: string);
  readonly kind: ErrorKind;
}
export class ValidationError extends PawnotesError {
  constructor(message: string, errors: FieldError[]);
  readonly kind: 'validation';
  readonly errors: FieldError[];
}
export class NotFoundError extends PawnotesError {
  constructor(message: string);
  readonly kind: 'not_found';
}
export class ConflictError extends PawnotesError {
  constructor(message: string);
  readonly kind: 'conflict';
}
export class ForbiddenError extends PawnotesError {
  constructor(message: string);
  readonly kind: 'forbidden';
}
export class StorageError extends PawnotesError {
  constructor(message: string);
  readonly kind: 'storage';
}
export class InvalidArgumentError extends PawnotesError {
  constructor(message: string);
  readonly kind: 'invalid_argument';
}
export class InternalError extends PawnotesError {
  constructor(message: string);
  readonly kind: 'internal';
}

/** The matching PawnotesError subclass for an envelope's error (unknown kinds: InternalError). */
export function errorFromJson(error: ErrorJson): PawnotesError;
/** Parses an envelope's text: returns its value or throws its error. */
export function unwrap<T = unknown>(text: string): T;

// ---------------------------------------------------------------------------------------------------
// The module
// ---------------------------------------------------------------------------------------------------

/** The Emscripten module: every call takes JSON text (or strings) and returns envelope text. */
export interface RawDatabase {
  open(request: string): string;
  close(): string;
  isOpen(): boolean;
  setNow(now: string): string;
  now(): string;
  create(request: string): string;
  get(request: string): string;
  update(request: string): string;
  remove(request: string): string;
  list(request: string): string;
  createMany(request: string): string;
  searchOwners(request: string): string;
  listDogs(request: string): string;
  timeline(request: string): string;
  searchNotes(request: string): string;
  vaccinationsDue(request: string): string;
  trainerVisits(request: string): string;
  noteRevisions(request: string): string;
  careFlags(request: string): string;
  vaccinations(request: string): string;
  history(request: string): string;
  changesSince(request: string): string;
  createOrganization(request: string): string;
  organizations(request: string): string;
  createUser(request: string): string;
  users(request: string): string;
  stats(request: string): string;
  loadDemo(request: string): string;
  generateSynthetic(request: string): string;
  /** Frees the C++ object (embind). */
  delete(): void;
}

export interface RawModule extends RawStoreModule {
  validate(entity: string, jsonText: string, today: string, mode: string): string;
  check(entity: string, jsonText: string, today: string, mode: string): string;
  jsonSchema(entity: string): string;
  entities(): string;
  version(): string;
  Database: { new (): RawDatabase };
}

export interface InitOptions {
  /** Where the .wasm is (default: dist/pawnotes_core.wasm next to index.js). */
  wasmUrl?: string | URL;
  /** The .wasm bytes, when the caller already has them. */
  wasmBinary?: ArrayBuffer | Uint8Array;
}

/** Loads the module; without options the instance is shared (loaded once). */
export function init(options?: InitOptions): Promise<PawnotesCore>;

/** A fixed time, or a function asked before every call (default: () => new Date()). */
export type TimeSource = TimestampString | Date | (() => TimestampString | Date);

export interface OpenOptions {
  now?: TimeSource;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
  readOnly?: boolean;
  /** SQLite page-cache ceiling in KiB (at least 64; default 32768: it only grows as pages are used). */
  cacheSizeKib?: number;
}

export class PawnotesCore {
  private constructor(raw: RawModule);
  readonly raw: RawModule;
  version(): string;
  entities(): EntityName[];
  /** The normalized record; throws ValidationError with every invalid field. */
  validate(entity: EntityName, input: unknown, today: DateString, mode?: ValidationMode): Record<string, unknown>;
  /** As validate(), from JSON text (malformed: field "", code "malformed_json"). */
  validateText(entity: EntityName, text: string, today: DateString, mode?: ValidationMode): Record<string, unknown>;
  /** The field errors ([] = valid). */
  check(entity: EntityName, input: unknown, today: DateString, mode?: ValidationMode): FieldError[];
  checkText(entity: EntityName, text: string, today: DateString, mode?: ValidationMode): FieldError[];
  /** JSON Schema (draft 2020-12) of the entity as returned by the API. */
  jsonSchema(entity: EntityName): Record<string, unknown>;
  /** Opens (creating if needed) a database; ":memory:" (the default) keeps it in memory. */
  open(path?: string, options?: OpenOptions): Database;
  /**
   * Opens (creating if needed) a key/value store; ":memory:" (the default) keeps it in memory. A file
   * under a directory given to mountPersistent() is kept in IndexedDB (browsers) by persist().
   */
  openStore(path?: string, options?: StoreOptions): Store;
  /**
   * Mounts a directory for store files. Browsers: Emscripten's IDBFS, then loads what IndexedDB holds for
   * it (FS.syncfs(true)). Node (no IndexedDB): an in-memory directory (MEMFS), NOT persistent: its files
   * last as long as the module instance. Mounting the same directory again resolves at once.
   * Rejects with InvalidArgumentError (not an absolute path) or StorageError.
   */
  mountPersistent(dir: string): Promise<void>;
  /** Writes the mounted directories to IndexedDB (FS.syncfs(false)); resolves at once when nothing is mounted there. */
  persist(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------
// The offline key/value store (wasm/store.cpp): the web app's read cache and outbox
// ---------------------------------------------------------------------------------------------------

export interface StoreOptions {
  /** The clock of updatedAt (default: () => new Date()). */
  now?: TimeSource;
}

export interface StoreEntry<T = unknown> {
  key: string;
  value: T;
  /** When the value was last put. */
  updatedAt: TimestampString;
}

/**
 * String keys (non-empty, well-formed Unicode) to JSON values. Every method throws InvalidArgumentError
 * on a bad call (a key that is not a non-empty string, a value JSON cannot carry, a closed store) and
 * StorageError when SQLite fails.
 */
export class Store {
  private constructor();
  readonly closed: boolean;
  /** Stores `value` (as JSON) under `key`, replacing what was there. */
  put(key: string, value: unknown): void;
  /** The value under `key`, or null when there is none. */
  get<T = unknown>(key: string): T | null;
  /** Removes `key`; true when it was there. */
  delete(key: string): boolean;
  /** The entries whose key starts with `prefix` (all without one), ordered by key (Unicode code point order). */
  entries<T = unknown>(prefix?: string): { key: string; value: T; updatedAt: string }[];
  /** Closes the store; later calls throw InvalidArgumentError. Closing twice does nothing. */
  close(): void;
}

/** The raw store (embind): every call returns envelope text. */
export interface RawStore {
  open(path: string): string;
  close(): string;
  isOpen(): boolean;
  put(key: string, valueJson: string, now: string): string;
  /** value: {value, updatedAt} or null */
  get(key: string): string;
  remove(key: string): string;
  entries(prefix: string): string;
  /** Frees the C++ object (embind). */
  delete(): void;
}

/** The part of Emscripten's FS the package uses (exported by the module for the store's persistence). */
export interface EmscriptenFS {
  mkdirTree(path: string): void;
  mount(type: unknown, options: Record<string, unknown>, mountpoint: string): unknown;
  syncfs(populate: boolean, callback: (error: unknown) => void): void;
  filesystems: { MEMFS: unknown; IDBFS?: unknown };
  readFile(path: string, options?: { encoding?: 'binary' | 'utf8' }): Uint8Array | string;
  writeFile(path: string, data: string | ArrayBufferView): void;
  readdir(path: string): string[];
  unlink(path: string): void;
}

/** What the module adds for the offline store. */
export interface RawStoreModule {
  Store: { new (): RawStore };
  FS: EmscriptenFS;
}

export class Database {
  private constructor();
  readonly closed: boolean;
  /** Frees the database; later calls throw InvalidArgumentError. */
  close(): void;
  /** Fixes the clock at `now` (replacing a clock function given to open); returns the time set. */
  setNow(now: TimestampString | Date): TimestampString;
  now(): TimestampString;

  create<E extends RecordEntityName>(
    scope: Scope,
    entity: E,
    data: InputMap[E],
    options?: { clientKey?: string },
  ): RecordMap[E];
  get<E extends RecordEntityName>(scope: Scope, entity: E, id: number): RecordMap[E];
  /** mode "replace" (default): every editable member; "patch": only the members to change. */
  update<E extends RecordEntityName>(
    scope: Scope,
    entity: E,
    id: number,
    data: InputMap[E],
    options?: { expectedVersion?: number; mode?: 'replace' | 'patch' },
  ): RecordMap[E];
  remove(scope: Scope, entity: RecordEntityName, id: number, options?: { expectedVersion?: number; cascade?: boolean }): void;
  list<E extends RecordEntityName>(scope: Scope, entity: E, page?: PageRequest): Page<RecordMap[E]>;
  /** Validates every item first (errors name the item: "[3].body"), then inserts all in one transaction. */
  createMany<E extends RecordEntityName>(scope: Scope, entity: E, items: InputMap[E][]): RecordMap[E][];

  searchOwners(scope: Scope, request?: OwnerSearch): Page<Owner>;
  listDogs(scope: Scope, filter?: DogFilter): Page<Dog>;
  timeline(scope: Scope, request: TimelineRequest): CursorPage<TimelineEntry>;
  searchNotes(scope: Scope, request?: NoteSearch): NoteHitPage;
  vaccinationsDue(scope: Scope, request?: VaccinationDueRequest): Page<VaccinationDue>;
  trainerVisits(scope: Scope, request: TrainerVisitsRequest): Page<Visit>;
  noteRevisions(scope: Scope, noteId: number): NoteRevision[];
  careFlags(scope: Scope, dogId: number, options?: { activeOnly?: boolean }): CareFlag[];
  vaccinations(scope: Scope, dogId: number): Vaccination[];
  history(scope: Scope, entity: EntityName, id: number, page?: PageRequest): Page<ChangeRecord>;
  changesSince(scope: Scope, afterSeq?: number, limit?: number): ChangeRecord[];

  createOrganization(name: string): Organization;
  organizations(): Organization[];
  createUser(organizationId: number, user: UserInput): User;
  users(organizationId: number): User[];
  stats(scope: Scope): Stats;
  /** The dog-training demo data (admin; ConflictError if already loaded). */
  loadDemo(scope: Scope): ImportSummary;
  /** Seeded synthetic owners, dogs and notes (admin). */
  generateSynthetic(scope: Scope, options?: SyntheticOptions): ImportSummary;
}
