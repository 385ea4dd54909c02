// End to end in real Chromium (Debian's, driven by playwright-core) against a real pawnotes-server --demo
// on 127.0.0.1 serving the built app: no mocked backend. Issue 4, item 3:
//   login; owner -> dog -> note, found by the note search; a validation message shown before any request
//   that equals the server's for the same input; offline: a note added offline survives a reload (the
//   service worker serves the shell, the dog page comes from the WASM store) and reaches the server
//   exactly once when the network returns; screenshots of the main pages in e2e/artifacts/; axe-core
//   (WCAG 2 A/AA) finds no serious violation on the main pages, none scrolls sideways at 375 px.
// Run: node --test examples/web/e2e/   (scripts/test_web.sh builds the app first)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';

import { api, apiLogin, artifactsDir, CHROMIUM, CHROMIUM_ARGS, randomLetters, startServer } from './support.mjs';

const STEP_MS = 20_000; // one UI expectation
const run = randomLetters(5);
const screenshots = [];

let server;
let browser;
let context;
let page;
let token;
/** What the scenarios create, shared in order. */
const made = { ownerId: null, dogId: null, dogName: `Biscuit${run}`.replace(/^./, 'B'), noteText: null };

async function shoot(name) {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  screenshots.push(file);
}

const byTestId = (id) => page.getByTestId(id);

before(async () => {
  server = await startServer();
  token = await apiLogin(server.baseUrl);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
  context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(STEP_MS);
  page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  if (screenshots.length > 0) {
    console.log(`screenshots (${screenshots.length}):`);
    for (const file of screenshots) console.log(`  ${path.relative(process.cwd(), file)}`);
  }
});

test('login with the demo account lands on the owner list', async () => {
  await page.goto('/login');
  await byTestId('login-username').fill('admin');
  await byTestId('login-password').fill('admin');
  await shoot('01-login');
  await byTestId('login-submit').click();
  await page.waitForURL(/\/owners(\?|$)/);
  await byTestId('owner-row').first().waitFor();
  assert.ok((await byTestId('owner-row').count()) > 0, 'the demo owners are listed');
  assert.match(await byTestId('current-user').innerText(), /admin/i);
  await shoot('02-owners');
});

test('a validation message appears before any request and equals the server message', async () => {
  await byTestId('owner-add').click();
  await page.waitForURL(/\/owners\/new$/);
  const input = {
    firstName: 'Ada',
    lastName: `Check${run}`,
    address: '12 Park Road',
    city: 'Madison',
    telephone: '60855x1023', // not digits only
    email: 'not-an-email',
  };
  for (const [field, value] of Object.entries(input)) await byTestId(`owner-${field}`).fill(value);
  const posts = [];
  const onRequest = (request) => {
    if (request.method() === 'POST' && request.url().includes('/api/v1/owners')) posts.push(request.url());
  };
  page.on('request', onRequest);
  await byTestId('owner-save').click();
  const telephoneError = byTestId('owner-telephone-error');
  await telephoneError.waitFor();
  const emailError = byTestId('owner-email-error');
  await emailError.waitFor();
  await page.waitForTimeout(300); // a request, had one been sent, would have started by now
  page.off('request', onRequest);
  assert.deepEqual(posts, [], 'no POST was sent: the WASM core validated in the browser');
  assert.equal(await byTestId('owner-telephone').getAttribute('aria-invalid'), 'true');

  // The server, given the same input, answers 422 with the same message for the same fields.
  const answer = await api(server.baseUrl, token, 'POST', '/owners', input);
  assert.equal(answer.status, 422);
  const serverMessages = (field) =>
    answer.body.errors
      .filter((e) => e.field === field)
      .map((e) => e.message)
      .join('\n');
  assert.equal((await telephoneError.innerText()).trim(), serverMessages('telephone'));
  assert.equal((await emailError.innerText()).trim(), serverMessages('email'));
  assert.ok(serverMessages('telephone').length > 0);
});

test('create owner -> dog -> note, and find the note with the note search', async () => {
  // The form of the previous scenario, corrected.
  await byTestId('owner-lastName').fill(`Tester${run}`);
  await byTestId('owner-telephone').fill('6085551023');
  await byTestId('owner-email').fill('');
  await byTestId('owner-save').click();
  await page.waitForURL(/\/owners\/\d+$/);
  made.ownerId = Number(page.url().match(/\/owners\/(\d+)$/)[1]);
  assert.match(await byTestId('owner-name').innerText(), new RegExp(`Tester${run}`, 'i'));
  await byTestId('owner-no-dogs').waitFor();
  await shoot('03-owner-detail');

  await byTestId('owner-add-dog').click();
  await page.waitForURL(/\/owners\/\d+\/dogs\/new$/);
  await byTestId('dog-name-input').fill(made.dogName);
  await byTestId('dog-breed').fill('Border Collie');
  await byTestId('dog-save').click();
  await page.waitForURL(/\/dogs\/\d+$/);
  made.dogId = Number(page.url().match(/\/dogs\/(\d+)$/)[1]);
  assert.equal((await byTestId('dog-name').innerText()).trim(), made.dogName);

  made.noteText = `Practised the whistle recall ${run}word in the park`;
  await byTestId('note-body').fill(made.noteText);
  await byTestId('note-tags').fill('recall');
  await byTestId('note-submit').click();
  await byTestId('timeline-note-body').filter({ hasText: made.noteText }).waitFor();
  await shoot('04-dog-profile');

  await byTestId('nav-notes').click();
  await page.waitForURL(/\/notes\/search/);
  await byTestId('search-input').fill(`${run}word`);
  await byTestId('search-submit').click();
  const result = byTestId('search-result').filter({ hasText: made.dogName });
  await result.first().waitFor();
  assert.equal(await byTestId('search-result').count(), 1, 'exactly the one note matches the unique word');
  assert.match(await result.getByTestId('search-snippet').innerHTML(), /<mark>/i);
  await shoot('05-note-search');

  await byTestId('nav-trainers').click();
  await page.waitForURL(/\/trainers/);
  await byTestId('trainer-row').first().waitFor();
  await shoot('06-trainers');
});

/** Whether the service worker controls the page and holds the app shell and the .wasm in its cache. */
async function shellCached() {
  return page.evaluate(async () => {
    if (!navigator.serviceWorker?.controller) return false;
    const lookup = Promise.all([caches.match('/index.html'), caches.match('/assets/pawnotes_core.wasm')]);
    const timeout = new Promise((resolve) => setTimeout(() => resolve([]), 5_000)); // page.evaluate has no timeout
    const [index, wasm] = await Promise.race([lookup, timeout]);
    return Boolean(index && wasm);
  });
}

/**
 * Waits until the store file kept in IndexedDB (Emscripten IDBFS: database "/pawnotes", object store
 * FILE_DATA, key = the file path) holds `text` (SQLite keeps short UTF-8 text contiguous in its pages).
 */
async function savedInIndexedDb(text, timeoutMs = 20_000) {
  await page.waitForFunction(
    async (needle) => {
      const db = await new Promise((resolve) => {
        const request = indexedDB.open('/pawnotes');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => resolve(null);
      });
      if (!db || !db.objectStoreNames.contains('FILE_DATA')) return false;
      const file = await new Promise((resolve) => {
        const get = db.transaction('FILE_DATA').objectStore('FILE_DATA').get('/pawnotes/offline.db');
        get.onsuccess = () => resolve(get.result);
        get.onerror = () => resolve(null);
      });
      db.close();
      if (!file?.contents) return false;
      const bytes = new Uint8Array(file.contents.buffer ?? file.contents);
      return new TextDecoder('latin1').decode(bytes).includes(unescape(encodeURIComponent(needle)));
    },
    text,
    { polling: 250, timeout: timeoutMs },
  );
}

test('offline: a note added offline survives a reload and reaches the server exactly once', async () => {
  assert.ok(made.dogId, 'the dog of the previous scenario exists');
  // The dog page, opened online: the service worker takes control, the store keeps its data.
  await page.goto(`/dogs/${made.dogId}`);
  await byTestId('dog-name').waitFor();
  await page.evaluate(() =>
    Promise.race([
      navigator.serviceWorker.ready.then(() => true),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no service worker within 30 s')), 30_000)),
    ]),
  );
  const deadline = Date.now() + 30_000;
  while (!(await shellCached())) {
    if (Date.now() > deadline) throw new Error('the service worker did not cache the app shell within 30 s');
    await page.waitForTimeout(250);
    if (!(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)))) {
      await page.reload();
      await byTestId('dog-name').waitFor();
    }
  }
  await byTestId('timeline-note-body').filter({ hasText: made.noteText }).waitFor();
  await savedInIndexedDb(made.noteText); // the read cache reaches IndexedDB 300 ms after the last read

  await context.setOffline(true);
  await byTestId('offline-indicator').waitFor();
  const offlineText = `Written offline ${run} while the network was down`;
  await byTestId('note-body').fill(offlineText);
  await byTestId('note-submit').click();
  await byTestId('pending-note').filter({ hasText: offlineText }).waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="outbox-badge"]')?.getAttribute('data-count') === '1');

  // Reload with no network: the shell from the service worker, the dog page from the store.
  await page.reload();
  await byTestId('dog-name').waitFor();
  assert.equal((await byTestId('dog-name').innerText()).trim(), made.dogName);
  await byTestId('offline-banner').waitFor();
  assert.equal((await byTestId('offline-banner').innerText()).trim(), 'offline: showing saved data');
  await byTestId('timeline-note-body').filter({ hasText: made.noteText }).waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="outbox-badge"]')?.getAttribute('data-count') === '1');
  await byTestId('outbox-toggle').click();
  await byTestId('outbox-item').filter({ hasText: offlineText.slice(0, 40) }).waitFor();
  await shoot('07-dog-profile-offline');

  const before = await api(server.baseUrl, token, 'GET', `/dogs/${made.dogId}/timeline?limit=500`);
  assert.equal(before.body.items.filter((e) => e.note?.body === offlineText).length, 0, 'nothing was sent while offline');

  // Back online: the outbox sends the note (with its Idempotency-Key) and empties.
  await context.setOffline(false);
  await page.waitForFunction(
    () => document.querySelector('[data-testid="outbox-badge"]')?.getAttribute('data-count') === '0',
    null,
    { timeout: 30_000 },
  );
  const timeline = await api(server.baseUrl, token, 'GET', `/dogs/${made.dogId}/timeline?limit=500`);
  assert.equal(timeline.status, 200);
  const copies = timeline.body.items.filter((e) => e.kind === 'note' && e.note.body === offlineText);
  assert.equal(copies.length, 1, 'the offline note is on the server exactly once');
  // Online again, the page shows it from the server (no banner, nothing waiting).
  await page.reload();
  await byTestId('timeline-note-body').filter({ hasText: offlineText }).waitFor();
  assert.equal(await byTestId('pending-note').count(), 0);
  assert.equal(await byTestId('offline-banner').count(), 0);
  await shoot('08-dog-profile-synced');
});

// Accessibility: axe-core (WCAG 2 A/AA rules) on every main page, and no sideways scrolling at phone width.
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function seriousViolations() {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  assert.ok(result.passes.length > 10, 'axe ran its rules on the page');
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

test('accessibility: no serious WCAG 2 AA violations on the main pages, no sideways scroll at 375 px', async () => {
  assert.ok(made.ownerId && made.dogId, 'the owner and dog of the earlier scenario exist');
  const pages = [
    ['/owners', 'owner list'],
    ['/owners/new', 'owner form'],
    [`/owners/${made.ownerId}`, 'owner detail'],
    [`/dogs/${made.dogId}`, 'dog profile'],
    ['/trainers', 'trainers'],
    ['/pet-types', 'pet types'],
    ['/specialties', 'specialties'],
    ['/notes/search?q=recall', 'note search'],
  ];
  const problems = [];
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    for (const [url, name] of pages) {
      await page.goto(url);
      await page.waitForLoadState('networkidle');
      await page.locator('main').waitFor();
      if (width === 1280) {
        for (const violation of await seriousViolations()) problems.push(`${name}: ${violation}`);
      } else {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 0) problems.push(`${name}: ${overflow}px wider than a 375 px screen`);
      }
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.deepEqual(problems, []);
});
