// @pawnotes/core: a thin typed wrapper over the Emscripten module (dist/pawnotes_core.mjs + .wasm).
//
// The module speaks JSON text envelopes ({ok, value} | {ok: false, error}); this wrapper turns them into
// plain values or thrown errors: every failure is a PawnotesError subclass chosen by error.kind
// (ValidationError carries the field errors). Nothing else is thrown by a call, so `catch (e)` +
// `e instanceof PawnotesError` is enough. The raw, envelope-level module stays reachable as `core.raw`.
//
// Time: the core has no clock of its own. A Database takes `now` on open: a fixed time (string or Date)
// or a function called before every call (the default: the host's current time, `() => new Date()`).
import createPawnotesCore from './dist/pawnotes_core.mjs';

/** Base class of every error a call throws; `kind` is the core's error kind. */
export class PawnotesError extends Error {
  constructor(kind, message) {
    super(message);
    this.name = 'PawnotesError';
    this.kind = kind;
  }
}
/** The input breaks the rules; `errors` lists every invalid field ({field, code, message}). */
export class ValidationError extends PawnotesError {
  constructor(message, errors) {
    super('validation', message);
    this.name = 'ValidationError';
    this.errors = errors;
  }
}
/** The record does not exist in the caller's organization. */
export class NotFoundError extends PawnotesError {
  constructor(message) {
    super('not_found', message);
    this.name = 'NotFoundError';
  }
}
/** A stale version, or a write that would break a rule involving other rows. */
export class ConflictError extends PawnotesError {
  constructor(message) {
    super('conflict', message);
    this.name = 'ConflictError';
  }
}
/** The scope's roles do not allow the call. */
export class ForbiddenError extends PawnotesError {
  constructor(message) {
    super('forbidden', message);
    this.name = 'ForbiddenError';
  }
}
/** The storage engine failed; nothing was written. */
export class StorageError extends PawnotesError {
  constructor(message) {
    super('storage', message);
    this.name = 'StorageError';
  }
}
/** The call itself is malformed (unknown entity or mode, a missing or mistyped argument, a closed database). */
export class InvalidArgumentError extends PawnotesError {
  constructor(message) {
    super('invalid_argument', message);
    this.name = 'InvalidArgumentError';
  }
}
/** Anything else: a bug in the core or the bindings. */
export class InternalError extends PawnotesError {
  constructor(message) {
    super('internal', message);
    this.name = 'InternalError';
  }
}

/** The error object of a failed envelope as the matching PawnotesError subclass. */
export function errorFromJson(error) {
  const message = typeof error?.message === 'string' ? error.message : 'unknown error';
  switch (error?.kind) {
    case 'validation':
      return new ValidationError(message, Array.isArray(error.errors) ? error.errors : []);
    case 'not_found':
      return new NotFoundError(message);
    case 'conflict':
      return new ConflictError(message);
    case 'forbidden':
      return new ForbiddenError(message);
    case 'storage':
      return new StorageError(message);
    case 'invalid_argument':
      return new InvalidArgumentError(message);
    default:
      return new InternalError(message);
  }
}

/** Parses an envelope's text: its value, or throws its error. */
export function unwrap(text) {
  const envelope = JSON.parse(text);
  if (envelope.ok) return envelope.value;
  throw errorFromJson(envelope.error);
}

/** JSON text of a request; a value JSON cannot carry (BigInt, a cycle) is an InvalidArgumentError. */
function toJson(value) {
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw new InvalidArgumentError(`the arguments cannot be sent as JSON: ${error.message}`);
  }
}

function isoOf(time) {
  const value = typeof time === 'function' ? time() : time;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new InvalidArgumentError('now is an invalid Date');
    return value.toISOString();
  }
  if (typeof value === 'string') return value;
  throw new InvalidArgumentError('now must be a string (RFC 3339), a Date, or a function returning one');
}

const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';

async function loadModule(options) {
  const wasmUrl = options.wasmUrl ?? new URL('./dist/pawnotes_core.wasm', import.meta.url);
  const settings = {};
  if (options.wasmBinary) {
    settings.wasmBinary = options.wasmBinary;
  } else if (isNode) {
    // The module is built for web/worker (see wasm/CMakeLists.txt): node gets the bytes itself.
    const url = new URL(String(wasmUrl), import.meta.url);
    if (url.protocol === 'file:') {
      const { readFile } = await import(/* @vite-ignore */ 'node:fs/promises');
      settings.wasmBinary = await readFile(url);
    } else {
      const response = await fetch(url);
      if (!response.ok) throw new InternalError(`cannot fetch ${url}: HTTP ${response.status}`);
      settings.wasmBinary = new Uint8Array(await response.arrayBuffer());
    }
  } else {
    settings.locateFile = (path) => (path.endsWith('.wasm') ? String(wasmUrl) : path);
  }
  return createPawnotesCore(settings);
}

let shared = null;

/**
 * Loads the WebAssembly module. Without options the instance is shared by every caller (loaded once).
 * @param {{wasmUrl?: string | URL, wasmBinary?: ArrayBuffer | Uint8Array}} [options]
 */
export async function init(options) {
  if (options) return new PawnotesCore(await loadModule(options));
  if (!shared) {
    shared = loadModule({}).then((raw) => new PawnotesCore(raw));
    shared.catch(() => {
      shared = null;
    });
  }
  return shared;
}

export class PawnotesCore {
  constructor(raw) {
    /** The Emscripten module: envelope-level calls returning JSON text. */
    this.raw = raw;
  }

  version() {
    return unwrap(this.raw.version());
  }

  entities() {
    return unwrap(this.raw.entities());
  }

  /** Validates a JS value (sent as JSON); returns the normalized record or throws ValidationError. */
  validate(entity, input, today, mode = 'create') {
    return this.validateText(entity, toJson(input ?? null), today, mode);
  }

  /** Validates JSON text; malformed text is a ValidationError on field "" (code "malformed_json"). */
  validateText(entity, text, today, mode = 'create') {
    return unwrap(this.raw.validate(String(entity), String(text), String(today), String(mode)));
  }

  /** Like validate(), returning the field errors instead of throwing ([] = valid). */
  check(entity, input, today, mode = 'create') {
    return this.checkText(entity, toJson(input ?? null), today, mode);
  }

  checkText(entity, text, today, mode = 'create') {
    return unwrap(this.raw.check(String(entity), String(text), String(today), String(mode)));
  }

  jsonSchema(entity) {
    return unwrap(this.raw.jsonSchema(String(entity)));
  }

  /**
   * Opens (creating if needed) a database; ":memory:" (the default) keeps it in memory.
   * @param {string} [path]
   * @param {{now?: string | Date | (() => string | Date), migrate?: boolean, readOnly?: boolean, cacheSizeKib?: number}} [options]
   */
  open(path = ':memory:', options = {}) {
    return new Database(this.raw, path, options);
  }

  // --- the offline key/value store (wasm/store.cpp) and its persistence ---

  /**
   * Opens (creating if needed) a key/value store; ":memory:" (the default) keeps it in memory. A path
   * under a directory given to mountPersistent() is kept in IndexedDB (browsers) once persist() ran.
   * @param {string} [path]
   * @param {{now?: string | Date | (() => string | Date)}} [options] the clock of updatedAt
   */
  openStore(path = ':memory:', options = {}) {
    return new Store(this.raw, path, options);
  }

  /**
   * Mounts a directory for store files. Browsers: Emscripten's IDBFS (IndexedDB), then loads what
   * IndexedDB holds for it (FS.syncfs(true)). Node (no IndexedDB): an in-memory directory (MEMFS):
   * NOT persistent, files last as long as the module. Mounting the same directory again does nothing.
   * @param {string} dir an absolute path such as "/pawnotes"
   */
  mountPersistent(dir) {
    return storeFs(this).mount(dir);
  }

  /** Writes the mounted directories to IndexedDB (FS.syncfs(false)); resolves at once when none is. */
  persist() {
    return storeFs(this).persist();
  }
}

// Per module instance: the directories mounted and the chain of FS.syncfs calls (one at a time: two in
// flight would only do the work twice).
const storeFsState = new WeakMap();

function storeFs(core) {
  let state = storeFsState.get(core);
  if (!state) {
    state = new StoreFs(core.raw);
    storeFsState.set(core, state);
  }
  return state;
}

class StoreFs {
  constructor(raw) {
    this.raw = raw;
    this.mounts = new Map();
    this.persistent = 0;
    this.chain = Promise.resolve();
  }

  get fs() {
    const fs = this.raw.FS;
    if (!fs) throw new InternalError('the module was built without its file system (FS)');
    return fs;
  }

  mount(dir) {
    if (typeof dir !== 'string' || !dir.startsWith('/') || dir === '/') {
      return Promise.reject(new InvalidArgumentError('the directory must be an absolute path other than "/"'));
    }
    const known = this.mounts.get(dir);
    if (known) return known;
    const mounted = this.#mount(dir);
    this.mounts.set(dir, mounted);
    mounted.catch(() => this.mounts.delete(dir));
    return mounted;
  }

  async #mount(dir) {
    const fs = this.fs;
    const idbfs = typeof indexedDB !== 'undefined' ? fs.filesystems?.IDBFS : undefined;
    try {
      fs.mkdirTree(dir);
      fs.mount(idbfs ?? fs.filesystems.MEMFS, {}, dir);
    } catch (error) {
      throw new StorageError(`cannot mount ${dir}: ${fsMessage(error)}`);
    }
    if (idbfs) {
      this.persistent += 1;
      await this.sync(true);
    }
  }

  persist() {
    return this.persistent === 0 ? this.chain : this.sync(false);
  }

  sync(populate) {
    const run = () =>
      new Promise((resolve, reject) => {
        this.fs.syncfs(populate, (error) => {
          if (error) reject(new StorageError(`cannot ${populate ? 'load' : 'save'} the offline files: ${fsMessage(error)}`));
          else resolve();
        });
      });
    const next = this.chain.then(run, run);
    this.chain = next.catch(() => undefined);
    return next;
  }
}

function fsMessage(error) {
  if (typeof error === 'string') return error;
  if (error && typeof error.errno === 'number') return `errno ${error.errno}`;
  return error?.message ?? String(error);
}

/**
 * A key/value store: string keys, JSON values (anything JSON.stringify accepts), each with the time it
 * was last written. Methods throw InvalidArgumentError on a bad call (a key that is not a non-empty
 * string, a value JSON cannot carry, a closed store) and StorageError when SQLite fails.
 */
export class Store {
  #handle;
  #clock;

  constructor(raw, path, options = {}) {
    if (typeof path !== 'string' || path === '') {
      throw new InvalidArgumentError('the store path must be a non-empty string (":memory:" for memory)');
    }
    this.#clock = options.now ?? (() => new Date());
    isoOf(this.#clock);
    this.#handle = new raw.Store();
    try {
      unwrap(this.#handle.open(path));
    } catch (error) {
      this.#handle.delete();
      this.#handle = null;
      throw error;
    }
  }

  get closed() {
    return this.#handle === null;
  }

  #open() {
    if (!this.#handle) throw new InvalidArgumentError('the store is closed');
    return this.#handle;
  }

  /** Stores `value` (as JSON) under `key`, replacing what was there. */
  put(key, value) {
    const handle = this.#open();
    checkKey(key);
    const text = valueJson(value);
    unwrap(handle.put(key, text, isoOf(this.#clock)));
  }

  /** The value stored under `key`, or null when there is none. */
  get(key) {
    const handle = this.#open();
    checkKey(key);
    const found = unwrap(handle.get(key));
    return found === null ? null : found.value;
  }

  /** Removes `key`; true when it was there. */
  delete(key) {
    const handle = this.#open();
    checkKey(key);
    return unwrap(handle.remove(key));
  }

  /** The entries whose key starts with `prefix` (all without one), ordered by key (code point order). */
  entries(prefix = '') {
    const handle = this.#open();
    if (typeof prefix !== 'string') throw new InvalidArgumentError('the prefix must be a string');
    if (!wellFormed(prefix)) throw new InvalidArgumentError('the prefix must be valid Unicode text');
    return unwrap(handle.entries(prefix));
  }

  /** Closes the store (and frees its memory); later calls throw InvalidArgumentError. Idempotent. */
  close() {
    if (!this.#handle) return;
    this.#handle.close();
    this.#handle.delete();
    this.#handle = null;
  }
}

function wellFormed(text) {
  return typeof text.isWellFormed === 'function' ? text.isWellFormed() : true;
}

function checkKey(key) {
  if (typeof key !== 'string' || key === '') throw new InvalidArgumentError('the key must be a non-empty string');
  if (!wellFormed(key)) throw new InvalidArgumentError('the key must be valid Unicode text');
}

function valueJson(value) {
  const text = toJson(value);
  if (text === undefined) {
    throw new InvalidArgumentError('the value cannot be stored as JSON (undefined, a function or a symbol)');
  }
  return text;
}

export class Database {
  #handle;
  #clock;

  constructor(raw, path, options) {
    const now = options.now ?? (() => new Date());
    this.#clock = typeof now === 'function' ? now : null;
    this.#handle = new raw.Database();
    try {
      unwrap(
        this.#handle.open(
          toJson({
            path,
            now: isoOf(now),
            migrate: options.migrate,
            readOnly: options.readOnly,
            cacheSizeKib: options.cacheSizeKib,
          }),
        ),
      );
    } catch (error) {
      this.#handle.delete();
      this.#handle = null;
      throw error;
    }
  }

  #call(method, request) {
    if (!this.#handle) throw new InvalidArgumentError('the database is closed');
    if (this.#clock) request.now = isoOf(this.#clock);
    return unwrap(this.#handle[method](toJson(request)));
  }

  get closed() {
    return this.#handle === null;
  }

  /** Frees the database (and its memory); later calls throw InvalidArgumentError. */
  close() {
    if (!this.#handle) return;
    this.#handle.close();
    this.#handle.delete();
    this.#handle = null;
  }

  /** Fixes the clock at `now` (stops a clock function given to open). */
  setNow(now) {
    if (!this.#handle) throw new InvalidArgumentError('the database is closed');
    this.#clock = null;
    return unwrap(this.#handle.setNow(isoOf(now)));
  }

  now() {
    if (!this.#handle) throw new InvalidArgumentError('the database is closed');
    return unwrap(this.#handle.now());
  }

  create(scope, entity, data, options = {}) {
    return this.#call('create', { scope, entity, data, clientKey: options.clientKey });
  }

  get(scope, entity, id) {
    return this.#call('get', { scope, entity, id });
  }

  update(scope, entity, id, data, options = {}) {
    return this.#call('update', {
      scope,
      entity,
      id,
      data,
      expectedVersion: options.expectedVersion,
      mode: options.mode,
    });
  }

  remove(scope, entity, id, options = {}) {
    this.#call('remove', { scope, entity, id, expectedVersion: options.expectedVersion, cascade: options.cascade });
  }

  list(scope, entity, page = {}) {
    return this.#call('list', { ...page, scope, entity });
  }

  createMany(scope, entity, items) {
    return this.#call('createMany', { scope, entity, items });
  }

  searchOwners(scope, request = {}) {
    return this.#call('searchOwners', { ...request, scope });
  }

  listDogs(scope, filter = {}) {
    return this.#call('listDogs', { ...filter, scope });
  }

  timeline(scope, request) {
    return this.#call('timeline', { ...request, scope });
  }

  searchNotes(scope, request = {}) {
    return this.#call('searchNotes', { ...request, scope });
  }

  vaccinationsDue(scope, request = {}) {
    return this.#call('vaccinationsDue', { ...request, scope });
  }

  trainerVisits(scope, request) {
    return this.#call('trainerVisits', { ...request, scope });
  }

  noteRevisions(scope, noteId) {
    return this.#call('noteRevisions', { scope, noteId });
  }

  careFlags(scope, dogId, options = {}) {
    return this.#call('careFlags', { scope, dogId, activeOnly: options.activeOnly });
  }

  vaccinations(scope, dogId) {
    return this.#call('vaccinations', { scope, dogId });
  }

  history(scope, entity, id, page = {}) {
    return this.#call('history', { ...page, scope, entity, id });
  }

  changesSince(scope, afterSeq = 0, limit = 100) {
    return this.#call('changesSince', { scope, afterSeq, limit });
  }

  createOrganization(name) {
    return this.#call('createOrganization', { name });
  }

  organizations() {
    return this.#call('organizations', {});
  }

  createUser(organizationId, user) {
    return this.#call('createUser', { organizationId, user });
  }

  users(organizationId) {
    return this.#call('users', { organizationId });
  }

  stats(scope) {
    return this.#call('stats', { scope });
  }

  loadDemo(scope) {
    return this.#call('loadDemo', { scope });
  }

  generateSynthetic(scope, options = {}) {
    return this.#call('generateSynthetic', { ...options, scope });
  }
}
