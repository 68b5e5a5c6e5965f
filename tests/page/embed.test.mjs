// Embedding: the embed page inside a sandboxed iframe (allow-scripts only)
// under a strict CSP, and <modulab-figure> elements in an article's own page
// (shadow roots, constructable stylesheets, several per page).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, encode } from './helpers.mjs';

const env = setup();

async function openRaw(path, init = null) {
  const page = await env.context.newPage();
  if (init) await page.addInitScript(init);
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(env.server.url + path);
  return { page, problems };
}

// Pixels of a canvas (found by a function) that differ from its first pixel.
const shadowInk = (page, id) => page.evaluate((id) => {
  const c = document.getElementById(id).shadowRoot.querySelector('canvas');
  // A copy read once: polling reads of the page's own canvas would make
  // Chromium warn (willReadFrequently) on the console.
  const t = Object.assign(document.createElement('canvas'), { width: c.width, height: c.height });
  const x = t.getContext('2d', { willReadFrequently: true });
  x.drawImage(c, 0, 0);
  const d = x.getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) n++;
  return n;
}, id);

// Waits (polling, up to `timeout` ms) until `check()` in the page or frame
// holds: the condition a test then asserts, not a state standing for it.
const until = (target, check, arg, timeout = 30000) =>
  target.waitForFunction(check, arg, { timeout, polling: 100 }).catch((e) => { if (e?.name !== 'TimeoutError') throw e; });

// Whether figure `id`'s canvas has more than `min` inked pixels (in the page).
function shadowInked({ id, min }) {
  const c = document.getElementById(id)?.shadowRoot.querySelector('canvas');
  if (!c || !c.width || !c.height) return false;
  // A copy read once: polling reads of the page's own canvas would make
  // Chromium warn (willReadFrequently) on the console.
  const t = Object.assign(document.createElement('canvas'), { width: c.width, height: c.height });
  const x = t.getContext('2d', { willReadFrequently: true });
  x.drawImage(c, 0, 0);
  const d = x.getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) n++;
  return n > min;
}

const shadowText = (id, selector) => document.getElementById(id)?.shadowRoot.querySelector(selector)?.textContent ?? '';

// In the page before it loads: what each figure's canvas holds at the very
// moment it says "done" (data-state and the modulab-done event).
function recordDone() {
  window.atDone = {};
  document.addEventListener('modulab-done', (e) => {
    const f = e.target;
    const c = f.shadowRoot.querySelector('canvas');
    // A copy read once: polling reads of the page's own canvas would make
    // Chromium warn (willReadFrequently) on the console.
    const t = Object.assign(document.createElement('canvas'), { width: c.width, height: c.height });
    const x = t.getContext('2d', { willReadFrequently: true });
    x.drawImage(c, 0, 0);
    const d = x.getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) ink++;
    const full = Math.round(c.getBoundingClientRect().width * devicePixelRatio);
    window.atDone[f.id] = { ink, width: c.width, full, state: f.dataset.state, by: c.dataset.drawnBy };
  });
}

test('several <modulab-figure> elements draw in an article under a strict CSP', async () => {
  const { page, problems } = await openRaw('__test__/article.html', recordDone);
  // "done" means drawn: at that moment the final chart, at the screen's
  // pixel ratio (not a preview, not a blank canvas), is on the canvas.
  await until(page, () => window.atDone.a && window.atDone.b);
  for (const id of ['a', 'b']) {
    const at = await page.evaluate((id) => window.atDone[id], id);
    assert.ok(at, `figure ${id} said done`);
    assert.equal(at.state, 'done');
    assert.ok(at.ink > 5000, `figure ${id} is drawn when it says done (${at.ink} pixels)`);
    assert.equal(at.width, at.full, `figure ${id} shows its final chart, at full resolution, when it says done`);
    // Drawn by the figure's worker (OffscreenCanvas), not on the article's main thread.
    assert.equal(at.by, 'worker', `figure ${id}'s chart comes from its worker`);
    await until(page, shadowInked, { id, min: 5000 });
    assert.ok(await shadowInk(page, id) > 5000);
  }
  const readouts = await page.evaluate(() => ['a', 'b'].map((id) => document.getElementById(id).shadowRoot.querySelector('.readout').textContent));
  assert.match(readouts[0], /± SEM/);
  assert.match(readouts[1], /95 % CI/, 'the band attribute applies');
  assert.equal(await page.evaluate(() => document.getElementById('a').shadowRoot.adoptedStyleSheets.length), 1);
  // The broken one says why, as text.
  await until(page, `(${shadowText})('c', '.error').length > 0`);
  const error = await page.evaluate(`(${shadowText})('c', '.error')`);
  assert.match(error, /task\.p_reward\[1\]: must be within \[0, 1\], got 1\.3/);
  assert.equal(await page.evaluate(() => document.querySelectorAll('img').length + document.getElementById('c').shadowRoot.querySelectorAll('img').length), 0);
  // Changing the metric attribute redraws with the engine's axis.
  await page.evaluate(() => document.getElementById('a').setAttribute('metric', 'reward'));
  await until(page, () => /reward per trial/.test(document.getElementById('a').shadowRoot.querySelector('canvas').getAttribute('aria-label')));
  assert.deepEqual(problems, []);
  await page.close();
});

test('the embed page works in a sandboxed iframe (allow-scripts only)', async () => {
  const { page, problems } = await openRaw('__test__/host.html');
  const frame = page.frameLocator('#embed');
  await frame.locator('modulab-figure').waitFor({ state: 'attached', timeout: 30000 });
  const inner = page.frames().find((f) => f.url().includes('embed.html'));
  await until(inner, shadowInked, { id: 'figure', min: 5000 });
  const ink = await inner.evaluate(() => {
    const c = document.getElementById('figure').shadowRoot.querySelector('canvas');
    // A copy read once: polling reads of the page's own canvas would make
    // Chromium warn (willReadFrequently) on the console.
    const t = Object.assign(document.createElement('canvas'), { width: c.width, height: c.height });
    const x = t.getContext('2d', { willReadFrequently: true });
    x.drawImage(c, 0, 0);
    const d = x.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] !== d[0]) n++;
    return n;
  });
  assert.ok(ink > 5000, `figure drawn in the iframe (${ink})`);
  assert.equal(await inner.evaluate(() => window.origin), 'null', 'the frame really is sandboxed');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the embed page shows a shared link\'s figure, and refuses a hostile one', async () => {
  const { page } = await openRaw('index.html');
  await page.waitForSelector('body[data-ready="true"]');
  const good = await encode(page, { scenario: { name: 'shared', task: { kind: 'bandit', trials: 80 }, seeds: 4 }, view: { charts: ['reward'], band: 'ci95' } });
  const bad = await encode(page, { scenario: { task: { kind: 'nope' } }, view: {} });
  await page.close();
  const ok = await openRaw(`embed.html#${good}`);
  await until(ok.page, () => /^Chart of reward per trial .*95 % confidence interval/.test(document.getElementById('figure').shadowRoot.querySelector('canvas').getAttribute('aria-label')));
  const label = await ok.page.evaluate(() => document.getElementById('figure').shadowRoot.querySelector('canvas').getAttribute('aria-label'));
  assert.match(label, /^Chart of reward per trial .*95 % confidence interval/);
  assert.deepEqual(ok.problems, []);
  await ok.page.close();
  const no = await openRaw(`embed.html#${bad}`);
  await until(no.page, () => /unknown task "nope"/.test(document.getElementById('figure').shadowRoot.querySelector('.error').textContent));
  assert.match(await no.page.evaluate(() => document.getElementById('figure').shadowRoot.querySelector('.error').textContent), /unknown task "nope"/);
  await no.page.close();
});

// A blank page of the test server's origin holding `body` (no CSP of its own).
async function blank(body, route = null) {
  const page = await env.context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  const url = `${env.origin}/__blank__/host-${Math.random().toString(36).slice(2)}.html`;
  await page.route(url, (r) => r.fulfill({ status: 200, contentType: 'text/html', body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title></head><body>${body}</body></html>` }));
  if (route) await route(page);
  await page.goto(url);
  return { page, problems };
}

// What a <modulab-figure> (in `target`, a page or frame) shows once done.
const figureShows = (target) => target.evaluate(() => {
  const f = document.querySelector('modulab-figure');
  const { metric, window, band } = f.view.opts;
  return { digest: f.experiment.digest(), metric, window, band, name: f.experiment.info().name, identity: f.identity.check?.status ?? null, ident: f.shadowRoot.querySelector('.ident').textContent };
});

test('the Embed dialog\'s snippets show the page\'s figure: same digest and chart options, in an element and in an iframe', async () => {
  const page = await env.context.newPage();
  await page.addInitScript(() => localStorage.removeItem('modulab.edited.v1'));
  await page.goto(`${env.server.url}index.html`);
  await page.waitForSelector('body[data-state="done"]', { timeout: 30000 });
  // Change the scenario and the view of chart 2.
  const rerunOn = async (action) => {
    const id = await page.evaluate(() => window.modulab.runner.id);
    await action();
    await page.waitForFunction((id) => window.modulab.runner.id > id && document.body.dataset.state === 'done', id, { timeout: 30000 });
  };
  await rerunOn(async () => { await page.fill('#c1-dopamine-gain', '0.3'); await page.press('#c1-dopamine-gain', 'Tab'); });
  await rerunOn(async () => { await page.fill('#seeds', '6'); await page.press('#seeds', 'Tab'); });
  await page.selectOption('#chart-1-metric', 'reward');
  await page.fill('#window', '20');
  await page.dispatchEvent('#window', 'input');
  await page.selectOption('#band', 'ci95');
  const want = await page.evaluate(() => {
    const c = window.modulab.charts()[1].opts;
    const exp = window.modulab.runner.experiment;
    return { digest: exp.digest(), metric: c.metric, window: c.window, band: c.band, name: exp.info().name, fingerprint: exp.identity().fingerprint };
  });
  assert.deepEqual([want.metric, want.window, want.band, want.name], ['reward', 20, 'ci95', 'Two-armed bandit, 80/20 (edited)']);
  // The dialog: keyboard-reachable, modal, labelled.
  await page.focus('#embed');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#embed-dialog[data-ready="true"]');
  assert.equal(await page.evaluate(() => document.getElementById('embed-dialog').open), true);
  assert.equal(await page.getAttribute('#embed-dialog', 'aria-labelledby'), 'embed-heading');
  await page.selectOption('#embed-chart', '1');
  await page.waitForFunction(() => /metric="reward"/.test(document.getElementById('embed-element').value));
  const element = await page.inputValue('#embed-element');
  const iframe = await page.inputValue('#embed-iframe');
  const command = await page.inputValue('#embed-command');
  assert.match(element, new RegExp(`fingerprint="${want.fingerprint}"`));
  assert.match(element, /<img src="two-armed-bandit-80-20-edited-reward-fallback\.png"/);
  assert.equal(command, 'modulab figure two-armed-bandit-80-20-edited.json --metric reward --window 20 --band ci95 --width 640 --height 300 --out two-armed-bandit-80-20-edited-reward-fallback.png');
  await env.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.origin });
  await page.click('#embed-copy-element');
  await page.waitForFunction(() => /copied/.test(document.getElementById('embed-status').textContent));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), element, 'Copy puts the element snippet on the clipboard');
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('#embed-scenario')]);
  assert.equal(d.suggestedFilename(), 'two-armed-bandit-80-20-edited.json');
  const saved = JSON.parse(await (await import('node:fs/promises')).readFile(await d.path(), 'utf8'));
  assert.equal(saved.name, want.name, 'the scenario file the command reads carries the title');
  assert.equal(saved.seeds, 6);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.getElementById('embed-dialog').open);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'embed', 'focus returns to the Embed button');
  await page.close();

  // The element snippet in a blank page of the same server (with the
  // fallback image the author would make with the command).
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
  const image = (p) => p.route('**/*.png', (r) => r.fulfill({ status: 200, contentType: 'image/png', body: PNG }));
  const el = await blank(element, image);
  await el.page.waitForSelector('modulab-figure[data-state="done"]', { timeout: 30000 });
  const got = await figureShows(el.page);
  assert.deepEqual(
    { digest: got.digest, metric: got.metric, window: got.window, band: got.band, name: got.name },
    { digest: want.digest, metric: want.metric, window: want.window, band: want.band, name: want.name },
  );
  assert.equal(got.identity, 'identical');
  assert.match(got.ident, new RegExp(`model fingerprint ${want.fingerprint}`));
  assert.equal(await el.page.evaluate(() => document.querySelector('modulab-figure img').checkVisibility()), false, 'the fallback image is hidden while the figure is live');
  assert.deepEqual(el.problems, []);
  await el.page.close();

  // The iframe snippet: the embed page, sandboxed, shows the same figure.
  const fr = await blank(iframe);
  await fr.page.waitForSelector('iframe');
  let inner = null;
  for (let i = 0; i < 300 && !inner; i++) {
    inner = fr.page.frames().find((f) => f.url().includes('embed.html'));
    if (!inner) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(inner, 'the iframe loads embed.html');
  await inner.waitForSelector('modulab-figure[data-state="done"]', { timeout: 30000 });
  const framed = await figureShows(inner);
  assert.deepEqual(
    { digest: framed.digest, metric: framed.metric, window: framed.window, band: framed.band, name: framed.name },
    { digest: want.digest, metric: want.metric, window: want.window, band: want.band, name: want.name },
  );
  assert.equal(await inner.evaluate(() => window.origin), 'null', 'sandboxed');
  // The whole figure fits the snippet's frame, its provenance line and
  // link included, and the link opens the page in a new tab.
  const fits = await inner.evaluate(() => [document.documentElement.scrollHeight, window.innerHeight]);
  assert.ok(fits[0] <= fits[1], `the figure is ${fits[0]} px high in a frame of ${fits[1]}`);
  const [tab] = await Promise.all([env.context.waitForEvent('page'), inner.click('#open-full')]);
  await tab.waitForLoadState('domcontentloaded');
  assert.match(tab.url(), /index\.html#v1\./, 'Open in ModuLab opens the page with the figure\'s state');
  await tab.close();
  await fr.page.close();

  // Without the engine (the wasm refused), the element shows the fallback image instead.
  const off = await blank(element, async (p) => {
    await p.route('**/modulab_bg.wasm', (r) => r.fulfill({ status: 404, body: 'gone' }));
    await image(p);
  });
  await off.page.waitForFunction(() => document.querySelector('modulab-figure')?.shadowRoot?.querySelector('.error')?.textContent.includes('could not start'), null, { timeout: 30000 });
  assert.equal(await off.page.evaluate(() => document.querySelector('modulab-figure img').checkVisibility()), true, 'the fallback image is shown');
  await off.page.waitForFunction(() => document.querySelector('modulab-figure img').naturalWidth > 0, null, { timeout: 10000 });
  await off.page.close();
});

test('a <modulab-figure> whose fingerprint attribute is not this engine\'s says its numbers may differ', async () => {
  const { page, problems } = await blank('<script type="module" src="/modulab-figure.js"></script><modulab-figure scenario="/scenarios/bandit.json" engine-version="0.0.1" fingerprint="0000000000000000" label="x"></modulab-figure>');
  await page.waitForSelector('modulab-figure[data-state="done"]', { timeout: 30000 });
  const shows = await figureShows(page);
  assert.equal(shows.identity, 'differs');
  assert.match(shows.ident, /made by ModuLab 0\.0\.1 with model fingerprint 0000000000000000; this engine .*: its numbers may differ/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the embed page\'s "Open in ModuLab" opens the preset and chart it shows', async () => {
  const { page, problems } = await openRaw('embed.html?scenario=scenarios/reversal.json&metric=reward&window=5&band=ci95');
  await page.waitForSelector('modulab-figure[data-state="done"]', { timeout: 30000 });
  await until(page, () => document.getElementById('open-full').getAttribute('href').startsWith('index.html#v1.'));
  const href = await page.getAttribute('#open-full', 'href');
  assert.match(href, /^index\.html#v1\./, 'the link holds the figure\'s state');
  assert.deepEqual(problems, []);
  await page.close();
  const full = await env.context.newPage();
  await full.goto(`${env.server.url}${href}`);
  await full.waitForSelector('body[data-state="done"]', { timeout: 30000 });
  const shown = await full.evaluate(() => ({
    preset: document.getElementById('scenario').value, kind: document.getElementById('task-kind').value,
    metric: document.getElementById('chart-0-metric').value, window: document.getElementById('window').value, band: document.getElementById('band').value,
    identity: document.getElementById('identity-note').dataset.identity,
  }));
  assert.deepEqual(shown, { preset: 'reversal.json', kind: 'reversal', metric: 'reward', window: '5', band: 'ci95', identity: 'identical' });
  await full.close();
});

test('the embed page says so when its scenario is not a preset, instead of showing another figure', async () => {
  const { page, problems } = await openRaw('embed.html?scenario=exercises/blocking.json');
  await until(page, () => /not a preset/.test(document.querySelector('[role="alert"]')?.textContent ?? ''));
  assert.match(await page.textContent('[role="alert"]'), /cannot be shown: "exercises\/blocking\.json" is not a preset/);
  assert.equal(await page.$('modulab-figure'), null, 'no figure of another scenario');
  assert.deepEqual(problems, []);
  await page.close();
});

test('an element loaded from another origin still runs in a worker, and says which of its attributes it could not use', async () => {
  const page = await env.context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // An author's article on another origin (a server of its own, on
  // loopback too, as Chromium lets no other origin reach loopback),
  // loading ModuLab from ModuLab's host.
  const src = env.server.url;
  const body = `<script type="module" src="${src}modulab-figure.js"></script>
    <modulab-figure scenario="${src}scenarios/bandit.json" metric="reward"></modulab-figure>
    <modulab-figure scenario="${src}scenarios/bandit.json" metric="bogus" window="abc" band="95"></modulab-figure>
    <modulab-figure scenario="${src}scenarios/bandit.json" view="circuit" condition="9"></modulab-figure>`;
  const { createServer } = await import('node:http');
  const author = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>article</title></head><body>${body}</body></html>`);
  });
  await new Promise((resolve) => author.listen(0, '127.0.0.1', resolve));
  after(() => author.close());
  // The reader prefers dark, but the article offers only light: the
  // figures stay light, as the article's own text does.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`http://127.0.0.1:${author.address().port}/article.html`);
  await page.waitForFunction(() => [...document.querySelectorAll('modulab-figure')].every((f) => f.dataset.state === 'done'), null, { timeout: 60000 });
  const got = await page.evaluate(() => [...document.querySelectorAll('modulab-figure')].map((f) => ({
    worker: f.runner.usesWorker, error: f.shadowRoot.querySelector('.error').textContent, status: f.status.textContent,
  })));
  assert.equal(got[0].worker, true, 'its worker runs, though the script comes from another origin');
  assert.equal(got[0].error, '');
  assert.match(got[1].error, /metric="bogus": not recorded by this scenario/);
  assert.match(got[1].error, /window="abc": expected a whole number within \[1, \d+\]/);
  assert.match(got[1].error, /band="95": expected sem or ci95/);
  assert.match(got[2].error, /condition="9": expected a whole number within \[0, 1\]/);
  assert.match(got[2].status, /under control/, 'the diagram and its status show the same condition');
  const look = await page.evaluate(() => {
    const f = document.querySelectorAll('modulab-figure')[1];
    const c = f.shadowRoot.querySelector('canvas');
    return { bg: [...c.getContext('2d').getImageData(2, 2, 1, 1).data].slice(0, 3), error: getComputedStyle(f.shadowRoot.querySelector('.error')).color };
  });
  assert.ok(look.bg.every((v) => v > 200), `a light chart on a light-only article (${look.bg})`);
  assert.equal(look.error, 'rgb(179, 38, 30)', 'the error keeps its light-scheme red');
  assert.deepEqual(problems, []);
  await page.close();
});
