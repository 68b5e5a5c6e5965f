// Embedding: the embed page inside a sandboxed iframe (allow-scripts only)
// under a strict CSP, and <modulab-figure> elements in an article's own page
// (shadow roots, constructable stylesheets, several per page).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, encode } from './helpers.mjs';

const env = setup();

async function openRaw(path) {
  const page = await env.context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(env.server.url + path);
  return { page, problems };
}

// Pixels of a canvas (found by a function) that differ from its first pixel.
const shadowInk = (page, id) => page.evaluate((id) => {
  const c = document.getElementById(id).shadowRoot.querySelector('canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) n++;
  return n;
}, id);

test('several <modulab-figure> elements draw in an article under a strict CSP', async () => {
  const { page, problems } = await openRaw('__test__/article.html');
  await page.waitForFunction(() => ['a', 'b'].every((id) => document.getElementById(id).dataset.state === 'done'), null, { timeout: 30000 });
  assert.ok(await shadowInk(page, 'a') > 5000);
  assert.ok(await shadowInk(page, 'b') > 5000);
  const readouts = await page.evaluate(() => ['a', 'b'].map((id) => document.getElementById(id).shadowRoot.querySelector('.readout').textContent));
  assert.match(readouts[0], /± SEM/);
  assert.match(readouts[1], /95 % CI/, 'the band attribute applies');
  assert.equal(await page.evaluate(() => document.getElementById('a').shadowRoot.adoptedStyleSheets.length), 1);
  // The broken one says why, as text.
  const error = await page.evaluate(() => document.getElementById('c').shadowRoot.querySelector('.error').textContent);
  assert.match(error, /task\.p_reward\[1\]: must be within \[0, 1\], got 1\.3/);
  assert.equal(await page.evaluate(() => document.querySelectorAll('img').length + document.getElementById('c').shadowRoot.querySelectorAll('img').length), 0);
  // Changing the metric attribute redraws with the engine's axis.
  await page.evaluate(() => document.getElementById('a').setAttribute('metric', 'reward'));
  await page.waitForFunction(() => /reward per trial/.test(document.getElementById('a').shadowRoot.querySelector('canvas').getAttribute('aria-label')));
  assert.deepEqual(problems, []);
  await page.close();
});

test('the embed page works in a sandboxed iframe (allow-scripts only)', async () => {
  const { page, problems } = await openRaw('__test__/host.html');
  const frame = page.frameLocator('#embed');
  await frame.locator('modulab-figure[data-state="done"]').waitFor({ timeout: 30000 });
  const inner = page.frames().find((f) => f.url().includes('embed.html'));
  const ink = await inner.evaluate(() => {
    const c = document.getElementById('figure').shadowRoot.querySelector('canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
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
  await ok.page.waitForSelector('modulab-figure[data-state="done"]', { timeout: 30000 });
  const label = await ok.page.evaluate(() => document.getElementById('figure').shadowRoot.querySelector('canvas').getAttribute('aria-label'));
  assert.match(label, /^Chart of reward per trial .*95 % confidence interval/);
  assert.deepEqual(ok.problems, []);
  await ok.page.close();
  const no = await openRaw(`embed.html#${bad}`);
  await no.page.waitForFunction(() => document.getElementById('figure').shadowRoot.querySelector('.error').textContent.length > 0);
  assert.match(await no.page.evaluate(() => document.getElementById('figure').shadowRoot.querySelector('.error').textContent), /unknown task "nope"/);
  await no.page.close();
});
