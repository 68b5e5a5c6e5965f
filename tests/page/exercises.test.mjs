// The classroom exercises (www/exercises/) and the article (www/article.html)
// in headless Chromium: each page loads without console errors or requests
// off the origin, has the structure a student and a screen reader need, its
// links and scenario files resolve, its preset link holds its own scenario
// and opens in ModuLab with the engine's fingerprint, the students' page holds
// answer boxes (kept in the browser, handed in as Markdown) but no answers,
// each teacher's page holds the answers with checked numbers, and both
// colour schemes apply. Every live figure
// (<modulab-figure>, www/modulab-figure.js) must run to the end and draw, and
// so must the article's sandboxed iframe (www/embed.html). Should those files
// or the wasm build (www/pkg/) be missing, the drawing checks are skipped and
// the 404s of those files are the only failures tolerated.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve, WWW } from './server.mjs';
import { launch, watch } from './browser.mjs';

const ENGINE = existsSync(join(WWW, 'pkg', 'modulab_bg.wasm'));
const FIGURES = ENGINE && existsSync(join(WWW, 'modulab-figure.js'));
const EMBED = FIGURES && existsSync(join(WWW, 'embed.html'));
const EXERCISES = readdirSync(join(WWW, 'exercises')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
const CSP = ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'", "img-src 'self' data:"];

let server;
let context;

before(async () => {
  server = await serve();
  context = await launch();
});

after(async () => {
  await context?.close();
  await server?.close();
});

// Opens a page; returns it with the problems seen (console errors, page
// errors, requests off the origin, failed requests). Without the custom
// element or the wasm build, their 404s and the embed page's (and the
// console lines they cause) are the only failures allowed.
async function open(path) {
  const page = await context.newPage();
  const problems = watch(page, server.url.replace(/\/$/, ''));
  const missing = [];
  page.on('response', (r) => {
    if (r.status() < 400) return;
    const path = new URL(r.url()).pathname;
    const allowed = (!FIGURES && (path.endsWith('/modulab-figure.js') || path.startsWith('/pkg/')))
      || (!EMBED && path.endsWith('/embed.html'));
    (allowed ? missing : problems).push(`${r.status()} ${r.url()}`);
  });
  await page.goto(server.url + path, { waitUntil: 'load' });
  // Without the wasm build the sandboxed embed's import of pkg/ fails as a
  // CORS error (the 404 carries no Access-Control-Allow-Origin).
  const tolerated = (p) => (missing.length && /Failed to load resource: .*404/.test(p))
    || (!ENGINE && (/\/pkg\/.*CORS/.test(p) || /Failed to load resource: net::ERR_FAILED/.test(p)));
  const filtered = () => problems.filter((p) => !tolerated(p));
  return { page, problems: filtered };
}

// Inked pixels (differing from the first pixel) of each <modulab-figure>'s
// canvas in a page or frame, with its state and error text.
const INK = () => [...document.querySelectorAll('modulab-figure')].map((f) => {
  const c = f.shadowRoot.querySelector('canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let ink = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) ink++;
  return { ink, state: f.dataset.state, error: f.shadowRoot.querySelector('.error')?.textContent ?? '', metric: f.getAttribute('metric') };
});

// Waits until every figure of a page or frame has finished its run and drawn
// (charts are drawn on animation frames after the run ends), then returns
// each figure's ink and error text.
// Polled from here: waitForFunction with a string predicate evaluates it in
// the page, which the pages' CSP (no 'unsafe-eval') refuses at once, so the
// figures were read before they had finished (a race that failed CI).
async function figuresDrawn(target, timeout = 120000) {
  const end = Date.now() + timeout;
  for (;;) {
    const drawn = await target.evaluate(`(${INK})()`);
    const finished = drawn.every((f) => f.state === 'done' && f.ink > 5000) || drawn.some((f) => f.error);
    if (finished || Date.now() > end) return drawn;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// Structure shared by every page: language, CSP, one h1, landmarks, no
// inline script or style, alt text, and internal links that resolve.
async function checkStructure(page) {
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  for (const d of CSP) assert.ok(csp.includes(d), `CSP has ${d}`);
  assert.equal(await page.locator('h1').count(), 1, 'one h1');
  assert.equal(await page.locator('main').count(), 1, 'a main landmark');
  assert.equal(await page.locator('[style]').count(), 0, 'no inline style attribute');
  assert.equal(await page.locator('style').count(), 0, 'no style element');
  assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script');
  assert.equal(await page.locator('img:not([alt])').count(), 0, 'images have alt text');
  assert.equal(await page.locator('iframe:not([title])').count(), 0, 'iframes have a title');
  const links = await page.$$eval('a[href]', (as) => as.map((a) => a.href));
  for (const href of new Set(links)) {
    const url = new URL(href);
    assert.equal(url.origin, new URL(server.url).origin, `link stays on the site: ${href}`);
    if (url.pathname.endsWith('/modulab-figure.js') && !FIGURES) continue;
    const r = await page.request.get(url.origin + url.pathname);
    assert.equal(r.status(), 200, `link resolves: ${href}`);
  }
}

// The students' page holds no answers, and an answer box under every task
// and question, labelled and reachable with Tab.
async function checkStudentPage(page) {
  assert.equal(await page.locator('details.teacher, .teacher, [data-measure]').count(), 0, 'no teacher\'s section on the students\' page');
  assert.equal(await page.locator('a[href*="teacher/"]').count(), 0, 'no link to the answers');
  await page.waitForSelector('body[data-answers="ready"]');
  const items = await page.locator('#tasks ~ ol > li, #questions ~ ol > li').count();
  assert.ok(items >= 4, `${items} tasks and questions`);
  assert.equal(await page.locator('textarea.answer').count(), items, 'an answer box under each');
  for (const id of await page.$$eval('textarea.answer', (ts) => ts.map((t) => t.id))) {
    assert.equal(await page.locator(`label[for="${id}"]`).count(), 1, `${id} is labelled`);
  }
  let reached = false;
  for (let i = 0; i < 80 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.matches('textarea.answer') ?? false);
  }
  assert.ok(reached, 'an answer box is reached with Tab');
  assert.equal(await page.locator('#copy-answers').count(), 1);
  assert.equal(await page.locator('#download-answers').count(), 1);
}

for (const name of EXERCISES) {
  test(`exercise ${name}: structure, links, preset link, answer boxes and no answers${FIGURES ? ', live figures' : ''}`, async () => {
    const { page, problems } = await open(`exercises/${name}.html`);
    await checkStructure(page);
    assert.match(await page.title(), /ModuLab exercise/);
    const file = await (await page.request.get(`${server.url}exercises/${name}.json`)).json();
    // Figures: the page's own scenario file and a metric each.
    const figures = await page.$$eval('modulab-figure', (fs) => fs.map((f) => ({ scenario: f.getAttribute('scenario'), metric: f.getAttribute('metric'), label: f.getAttribute('label') })));
    assert.ok(figures.length >= 1, 'at least one live figure');
    for (const f of figures) {
      assert.equal(f.scenario, `${name}.json`);
      assert.ok(f.metric && f.label, 'metric and accessible label');
    }
    assert.equal(await page.locator('script[type="module"][src="../modulab-figure.js"]').count(), 1);
    // The preset link opens ModuLab with exactly this scenario.
    const preset = await page.getAttribute('a[href^="../index.html#v1."]', 'href');
    const state = await page.evaluate(async (hash) => {
      const b64 = hash.replaceAll('-', '+').replaceAll('_', '/');
      const bytes = Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
      const out = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
      return JSON.parse(await new Response(out).text());
    }, preset.split('#v1.')[1]);
    assert.deepEqual(state.scenario, file, 'the preset link holds the exercise\'s scenario');
    assert.match(state.engine?.fingerprint ?? '', /^[0-9a-f]{16}$/, 'the preset link carries the model fingerprint');
    assert.deepEqual(state.view.charts, figures.map((f) => f.metric).slice(0, 4));
    // ... and ModuLab opens it: the task and the conditions are the file's.
    if (ENGINE) {
      const app = await open(new URL(preset, `${server.url}exercises/`).href.slice(server.url.length));
      await app.page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
      assert.equal(await app.page.inputValue('#task-kind'), file.task.kind);
      const headings = await app.page.$$eval('#conditions h3', (hs) => hs.map((h) => h.textContent));
      assert.deepEqual(headings, file.conditions.map((c, i) => `Condition ${i + 1}: ${c.label}`));
      assert.equal(await app.page.getAttribute('#identity-note', 'data-identity'), 'identical', 'the link\'s fingerprint is this engine\'s');
      assert.deepEqual(app.problems(), [], 'the app opens the preset link cleanly');
      await app.page.close();
    }
    // Sections a student needs, and a cited source.
    for (const id of ['intro', 'figures', 'tasks', 'questions', 'sources']) assert.equal(await page.locator(`h2#${id}`).count(), 1, `section ${id}`);
    assert.ok(await page.locator('#tasks + p + ol > li, #tasks ~ ol > li').count() >= 2, 'tasks');
    assert.match(await page.locator('.refs').textContent(), /\(\d{4}\)/, 'a dated reference');
    await checkStudentPage(page);
    if (FIGURES) {
      const drawn = await figuresDrawn(page);
      for (const d of drawn) {
        assert.equal(d.error, '', `${d.metric}: no error`);
        assert.ok(d.state === 'done' && d.ink > 5000, `${d.metric} drawn (${d.state}, ${d.ink} pixels)`);
      }
    }
    assert.deepEqual(problems(), []);
    await page.close();
  });
}

for (const name of EXERCISES) {
  test(`teacher's page ${name}: structure, answers with checked numbers, a test named`, async () => {
    const { page, problems } = await open(`exercises/teacher/${name}.html`);
    await checkStructure(page);
    assert.match(await page.title(), /^Teacher's page: .* · ModuLab exercise$/);
    assert.ok(await page.locator('table').isVisible(), 'the measured numbers are shown');
    const marks = await page.$$eval('data[data-measure]', (ds) => ds.map((d) => [d.value, d.textContent.replace('−', '-')]));
    assert.ok(marks.length >= 3, `${marks.length} measured numbers`);
    for (const [value, text] of marks) assert.equal(text, value);
    assert.match(await page.textContent('.check'), /tests\/exercises(_regions)?\.rs, test \w+/);
    assert.match(await page.textContent('.tolerance'), /half a unit in the last digit/);
    assert.equal(await page.locator(`a[href="../${name}.html"]`).count() >= 1, true, 'links the students\' page');
    assert.deepEqual(problems(), []);
    await page.close();
  });
}

test('answers typed on a students\' page are kept in the browser and handed in as Markdown (clipboard, or a download)', async () => {
  const { page, problems } = await open('exercises/three_factor.html');
  await page.waitForSelector('body[data-answers="ready"]');
  await page.evaluate(() => localStorage.removeItem('modulab.answers.three_factor'));
  await page.fill('#answer-tasks-1', 'Gain 0 stays at chance.');
  await page.fill('#answer-questions-2', 'No dopamine, no change:\ntraces decay unused.');
  await page.reload();
  await page.waitForSelector('body[data-answers="ready"]');
  assert.equal(await page.inputValue('#answer-tasks-1'), 'Gain 0 stays at chance.', 'kept across a reload');
  assert.equal(await page.inputValue('#answer-questions-2'), 'No dopamine, no change:\ntraces decay unused.');
  assert.equal(await page.inputValue('#answer-questions-1'), '');
  // The same exercise open in a second tab: answers typed in either tab
  // are all kept (each tab saves only the box typed in).
  const twin = await open('exercises/three_factor.html');
  await twin.page.waitForSelector('body[data-answers="ready"]');
  await twin.page.fill('#answer-questions-3', 'Typed in the second tab.');
  await page.fill('#answer-tasks-1', 'Gain 0 stays at chance, still.');
  await page.waitForFunction(() => document.getElementById('answer-questions-3').value === 'Typed in the second tab.');
  await twin.page.close();
  await page.reload();
  await page.waitForSelector('body[data-answers="ready"]');
  assert.equal(await page.inputValue('#answer-questions-3'), 'Typed in the second tab.', 'the other tab\'s answer is kept');
  await page.fill('#answer-tasks-1', 'Gain 0 stays at chance.');
  await page.fill('#answer-questions-3', '');
  // Another exercise keeps its own answers.
  const other = await open('exercises/blocking.html');
  await other.page.waitForSelector('body[data-answers="ready"]');
  assert.equal(await other.page.inputValue('#answer-tasks-1'), '');
  await other.page.close();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
  await page.click('#copy-answers');
  await page.waitForFunction(() => /clipboard/.test(document.getElementById('answers-status').textContent));
  const md = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(md, /^# My answers: The third factor: dopamine gates plasticity\n/);
  assert.match(md, /## Task 1\n\n> Predict, for each condition, P\(better arm\) at trial 20 and trial 300\. Run and compare\.\n\nGain 0 stays at chance\.\n/);
  assert.match(md, /## Question 2\n\n> Eligibility traces still form at gain 0\. Why does nothing change\?\n\nNo dopamine, no change:\ntraces decay unused\.\n/);
  assert.match(md, /## Question 1\n\n> .*\n\n_\(no answer\)_\n/);
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('#download-answers')]);
  assert.equal(d.suggestedFilename(), 'three_factor-answers.md');
  const { readFile } = await import('node:fs/promises');
  assert.equal(await readFile(await d.path(), 'utf8'), md, 'the download holds the same Markdown');
  // Without clipboard permission the page says to download instead.
  await context.clearPermissions();
  await page.evaluate(() => { Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) } }); });
  await page.click('#copy-answers');
  await page.waitForFunction(() => /Download my answers/.test(document.getElementById('answers-status').textContent));
  assert.match(await page.textContent('#answers-status'), /use Download my answers instead/);
  assert.deepEqual(problems(), []);
  await page.close();
});

test('the teachers\' index lists every exercise with goals and timing, and the CLI', async () => {
  const { page, problems } = await open('exercises/index.html');
  await checkStructure(page);
  for (const name of EXERCISES) assert.equal(await page.locator(`.exercise-list a[href="${name}.html"]`).count(), 1, name);
  for (const name of EXERCISES) assert.equal(await page.locator(`.exercise-list a[href="teacher/${name}.html"]`).count(), 1, `teacher/${name}`);
  const items = page.locator('.exercise-list > li');
  assert.equal(await items.count(), EXERCISES.length);
  for (let i = 0; i < EXERCISES.length; i++) {
    const text = await items.nth(i).textContent();
    assert.match(text, /about \d+ min/);
    assert.ok(await items.nth(i).locator('ul > li').count() >= 2, 'learning goals');
  }
  const body = await page.textContent('main');
  for (const s of ['modulab validate www/exercises/*.json', 'modulab run', 'Download CSV', 'Copy link']) assert.ok(body.includes(s), s);
  assert.deepEqual(problems(), []);
  await page.close();
});

test(`the article: structure, at least four live figures and an embedded iframe${FIGURES ? ', all drawn' : ''}`, async () => {
  const { page, problems } = await open('article.html');
  await checkStructure(page);
  const figures = await page.$$eval('modulab-figure', (fs) => fs.map((f) => f.getAttribute('scenario')));
  assert.ok(figures.length >= 4, `${figures.length} live figures`);
  for (const s of figures) {
    const r = await page.request.get(server.url + s);
    assert.equal(r.status(), 200, s);
    assert.ok((await r.json()).task.kind, `${s} is a scenario`);
  }
  const frame = page.locator('iframe');
  assert.equal(await frame.count(), 1);
  // Sandboxed: scripts run and Open in ModuLab may open a tab, but the
  // frame's origin stays opaque (no allow-same-origin).
  assert.equal(await frame.getAttribute('sandbox'), 'allow-scripts allow-popups allow-popups-to-escape-sandbox');
  assert.match(await frame.getAttribute('src'), /^embed\.html#v1\.[A-Za-z0-9_-]+$/);
  assert.ok((await page.textContent('.refs')).length > 500, 'references');
  if (FIGURES) {
    for (const d of await figuresDrawn(page)) {
      assert.equal(d.error, '');
      assert.ok(d.state === 'done' && d.ink > 5000, `${d.metric} drawn (${d.state}, ${d.ink} pixels)`);
    }
  }
  if (EMBED) {
    await frame.scrollIntoViewIfNeeded();
    await page.frameLocator('iframe').locator('modulab-figure').waitFor({ state: 'attached', timeout: 30000 });
    const inner = page.frames().find((x) => x.url().includes('embed.html'));
    const [d] = await figuresDrawn(inner);
    assert.equal(d.error, '');
    assert.ok(d.state === 'done' && d.ink > 5000, `the embedded figure is drawn (${d.state}, ${d.ink} pixels)`);
  }
  assert.deepEqual(problems(), []);
  await page.close();
});

test('exercise pages follow the light and dark colour schemes', async () => {
  const { page } = await open('exercises/patience.html');
  const colours = async () => page.evaluate(() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.querySelector('a')).color]);
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await colours();
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await colours();
  assert.notEqual(light[0], dark[0], 'background changes');
  assert.notEqual(light[1], dark[1], 'link colour changes');
  await page.close();
});

test('on a phone (375 px wide) no exercise page, teacher\'s page, index or the article scrolls sideways', async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 375, height: 700 });
  // Only the page's own text and layout: figures are boxes as wide as their column.
  await page.route(/modulab-figure\.js$|embed\.html/, (route) => route.abort());
  const wide = [];
  for (const path of ['exercises/index.html', 'article.html', ...EXERCISES.flatMap((n) => [`exercises/${n}.html`, `exercises/teacher/${n}.html`])]) {
    await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 375) wide.push(`${path}: ${width} px`);
  }
  assert.deepEqual(wide, []);
  await page.close();
});
