// Embedding: the embed page inside a sandboxed iframe (allow-scripts only)
// under a strict CSP, and <modulab-figure> elements in an article's own page
// (shadow roots, constructable stylesheets, several per page).
import { test } from 'node:test';
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
    window.atDone[f.id] = { ink, width: c.width, full, state: f.dataset.state };
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
