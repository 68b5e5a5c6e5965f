// `make dist`: the static site in dist/ works from a static host under a
// sub-path (/modulab/, as on GitHub Pages): the page, the article (its
// custom-element figures and its sandboxed iframe) and an exercise load with
// every request inside the sub-path and none failing, and their charts draw.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve, DIST, WWW } from './server.mjs';
import { launch, watch } from './browser.mjs';
import { waitInk } from './helpers.mjs';
import { figuresDrawn, failures } from './figures.mjs';

const BASE = '/modulab/';
let server;
let context;

before(async () => {
  assert.ok(existsSync(join(DIST, 'index.html')), 'dist/ is built (make dist)');
  server = await serve(DIST, { base: BASE });
  context = await launch();
});

after(async () => {
  await context?.close();
  await server?.close();
});

const walk = (d) => readdirSync(d, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));

test('dist/ holds every file of www/ (built ones aside) and no TypeScript declarations', () => {
  const rel = (root) => walk(root).map((f) => f.slice(root.length)).filter((f) => !f.startsWith('pkg/')).sort();
  assert.deepEqual(rel(DIST), rel(WWW));
  for (const f of ['pkg/modulab.js', 'pkg/modulab_bg.wasm', 'pkg/offline-manifest.js']) assert.ok(existsSync(join(DIST, f)), f);
  assert.deepEqual(walk(DIST).filter((f) => f.endsWith('.d.ts')), []);
  // Same wasm as the page's: no second build.
  assert.ok(readFileSync(join(DIST, 'pkg/modulab_bg.wasm')).equals(readFileSync(join(WWW, 'pkg/modulab_bg.wasm'))));
});

test('no page or script of dist/ names an absolute path (a sub-path host would miss it)', () => {
  const absolute = /(?:\b(?:src|href|action)\s*=\s*["']\/(?!\/)|\b(?:from|import)\s*\(?\s*["']\/|\bfetch\(\s*["']\/|new URL\(\s*["']\/)/;
  const offenders = walk(DIST).filter((f) => /\.(html|js|css)$/.test(f))
    .filter((f) => absolute.test(readFileSync(f, 'utf8')));
  assert.deepEqual(offenders, []);
});

// Opens `path` under the sub-path; collects problems: console errors,
// requests off the origin or outside the sub-path, 4xx/5xx, failed requests.
async function open(path) {
  const page = await context.newPage();
  const origin = server.url.slice(0, -BASE.length);
  const problems = watch(page, origin);
  page.on('request', (r) => {
    const { pathname } = new URL(r.url());
    if (r.url().startsWith(origin) && !pathname.startsWith(BASE)) problems.push(`outside ${BASE}: ${r.url()}`);
  });
  const failed = failures(page);
  await page.goto(server.url + path);
  return { page, problems: () => [...problems, ...failed] };
}

test('the page runs and draws under /modulab/', async () => {
  const { page, problems } = await open('');
  await page.waitForSelector('body[data-state="done"]', { timeout: 30000 });
  const ink = await waitInk(page, '#chart-0');
  assert.ok(ink.n > 5000, `chart drawn (${ink.n} pixels)`);
  assert.deepEqual(problems(), []);
  await page.close();
});

test('the article\'s figures and its sandboxed iframe draw under /modulab/', async () => {
  const { page, problems } = await open('article.html');
  const figures = await figuresDrawn(page);
  assert.ok(figures.length >= 3, `figures on the article (${figures.length})`);
  for (const f of figures) assert.ok(f.state === 'done' && f.ink > 5000 && !f.error, JSON.stringify(f));
  // The iframe loads lazily: scrolled to, it loads embed.html.
  await page.locator('iframe[sandbox]').first().scrollIntoViewIfNeeded();
  await page.frameLocator('iframe[sandbox]').first().locator('modulab-figure').waitFor({ state: 'attached', timeout: 30000 });
  const frame = page.frames().find((f) => f.url().includes('embed.html'));
  assert.ok(frame, 'the iframe figure loads');
  const inFrame = await figuresDrawn(frame);
  assert.equal(inFrame.length, 1);
  assert.ok(inFrame[0].state === 'done' && inFrame[0].ink > 5000, JSON.stringify(inFrame[0]));
  assert.deepEqual(problems(), []);
  await page.close();
});

test('an exercise draws its figures under /modulab/', async () => {
  const { page, problems } = await open('exercises/three_factor.html');
  const figures = await figuresDrawn(page);
  assert.ok(figures.length >= 1);
  for (const f of figures) assert.ok(f.state === 'done' && f.ink > 5000 && !f.error, JSON.stringify(f));
  assert.deepEqual(problems(), []);
  await page.close();
});
