// The real @pawnotes/core for unit tests, not a fake: the tests must show the messages the server sends.
// jsdom cannot fetch the app's /assets/pawnotes_core.wasm, so this loader hands the same module the .wasm
// bytes read from node_modules with node:fs (init({wasmBinary}) skips the fetch).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { Provider } from '@angular/core';
import { init, type PawnotesCore } from '@pawnotes/core';

import { CORE_LOADER } from '../app/core/core.service';

let shared: Promise<PawnotesCore> | null = null;

export function loadRealCore(): Promise<PawnotesCore> {
  if (!shared) {
    const wasm = resolve(process.cwd(), 'node_modules/@pawnotes/core/dist/pawnotes_core.wasm');
    // wasmUrl is never fetched when wasmBinary is given; passing it spares index.js resolving its default.
    shared = init({ wasmUrl: '/assets/pawnotes_core.wasm', wasmBinary: readFileSync(wasm) });
  }
  return shared;
}

export function provideRealCore(): Provider {
  return { provide: CORE_LOADER, useValue: loadRealCore };
}
