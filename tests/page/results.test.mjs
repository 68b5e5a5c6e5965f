// One results format: a results file written by the CLI (`modulab run
// --out FILE.json`) opens in <modulab-figure>, which shows its stored runs
// as they are (the engine reads them back: same digest as a fresh run), and
// on the page, which re-runs its scenario to the same numbers.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup, rerun } from './helpers.mjs';

const env = setup();
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let file = '';
let text = '';
let digest = '';

// The CLI (built by `make test-native`; built here if missing).
const modulab = (...args) => execFileSync('cargo', ['run', '--quiet', '--profile', 'test-release', '--', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 900000 });

before(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'modulab-results-'));
  file = join(dir, 'bandit-results.json');
  modulab('run', 'www/scenarios/bandit.json', '--seeds', '3', '--trials', '120', '--out', file);
  text = await readFile(file, 'utf8');
  // A results file given to `digest` runs its scenario afresh.
  digest = JSON.parse(modulab('digest', file))[0].digest;
});

test('a results file written by the CLI shows its stored runs in <modulab-figure>', async () => {
  const page = await env.context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.route('**/cli-results.json', (route) => route.fulfill({ body: text, contentType: 'application/json' }));
  await page.goto(`${env.server.url}__test__/article.html`);
  await page.waitForSelector('modulab-figure#a', { state: 'attached' });
  await page.evaluate(() => {
    const f = document.createElement('modulab-figure');
    f.id = 'stored';
    f.setAttribute('scenario', '/cli-results.json');
    f.setAttribute('metric', 'dopamine');
    document.body.append(f);
  });
  // Waits on what is asserted: the status and the drawn chart's label.
  await page.waitForFunction(() => {
    const root = document.getElementById('stored').shadowRoot;
    return /Stored results: /.test(root.querySelector('.status').textContent)
      && /phasic dopamine/.test(root.querySelector('canvas').getAttribute('aria-label') ?? '');
  }, null, { timeout: 30000, polling: 100 }).catch((e) => { if (e?.name !== 'TimeoutError') throw e; });
  const shown = await page.evaluate(() => {
    const f = document.getElementById('stored');
    return {
      digest: f.experiment.digest(),
      status: f.shadowRoot.querySelector('.status').textContent,
      label: f.shadowRoot.querySelector('canvas').getAttribute('aria-label'),
      options: [...f.shadowRoot.querySelectorAll('option')].map((o) => o.textContent),
    };
  });
  assert.equal(shown.digest, digest, 'the stored runs, read by the engine, are the CLI\'s numbers');
  assert.match(shown.status, /Stored results: 2 condition\(s\) × 3 seeds × 120 of 120 trials/);
  assert.match(shown.label, /phasic dopamine \(δ units\)/, 'the axis comes from the metric table');
  assert.ok(shown.options.includes('P(best choice)'));
  // The CLI (native) wrote the fingerprint this (wasm) engine computes.
  const written = JSON.parse(text).fingerprint;
  assert.match(written, /^[0-9a-f]{16}$/);
  assert.equal(await page.evaluate(() => document.getElementById('stored').identity.check.status), 'identical');
  assert.match(await page.evaluate(() => document.getElementById('stored').shadowRoot.querySelector('.ident').textContent), new RegExp(`model fingerprint ${written}: the numbers its author saw`));
  // A results file with a field missing says which.
  const broken = JSON.parse(text);
  delete broken.runs[2].series.reward.points;
  await page.route('**/broken-results.json', (route) => route.fulfill({ body: JSON.stringify(broken), contentType: 'application/json' }));
  await page.evaluate(() => document.getElementById('stored').setAttribute('scenario', '/broken-results.json'));
  await page.waitForFunction(() => /runs\[2\]\.series\.reward\.points: missing/.test(document.getElementById('stored').shadowRoot.querySelector('.error').textContent), null, { timeout: 20000 });
  assert.deepEqual(problems, []);
  await page.close();
});

test('<modulab-figure> shows a results file in the view it was exported with, unless its attributes say otherwise', async () => {
  const page = await env.context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  const withView = JSON.parse(text);
  withView.view = { charts: ['dopamine', 'correct'], window: 3, band: 'ci95' };
  await page.route('**/view-results.json', (route) => route.fulfill({ body: JSON.stringify(withView), contentType: 'application/json' }));
  await page.goto(`${env.server.url}__test__/article.html`);
  await page.waitForSelector('modulab-figure#a', { state: 'attached' });
  await page.evaluate(() => {
    for (const [id, metric] of [['viewed', null], ['overridden', 'reward']]) {
      const f = document.createElement('modulab-figure');
      f.id = id;
      f.setAttribute('scenario', '/view-results.json');
      if (metric) f.setAttribute('metric', metric);
      document.body.append(f);
    }
  });
  const label = (id) => page.evaluate((i) => document.getElementById(i).shadowRoot.querySelector('canvas')?.getAttribute('aria-label') ?? '', id);
  const drawn = async (id, pattern) => {
    for (let i = 0; i < 300 && !pattern.test(await label(id)); i++) await new Promise((r) => setTimeout(r, 100));
    return label(id);
  };
  // Its first chart is the view's, and so are its window and band.
  assert.match(await drawn('viewed', /phasic dopamine/), /phasic dopamine \(δ units\)/);
  const options = await page.evaluate(() => document.getElementById('viewed').viewOptions());
  assert.equal(options.window, 3);
  assert.equal(options.band, 'ci95');
  // An attribute still wins.
  assert.match(await drawn('overridden', /reward/), /reward/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a results file written by the CLI opens on the page and re-runs to the same numbers', async () => {
  const { page, problems } = await env.open();
  await rerun(page, () => page.setInputFiles('#open', file));
  assert.equal(await page.inputValue('#seeds'), '3');
  assert.equal(await page.evaluate(() => window.modulab.runner.experiment.digest()), digest);
  // Native and browser engines agree on the fingerprint: "identical".
  assert.equal(await page.getAttribute('#identity-note', 'data-identity'), 'identical');
  assert.match(await page.textContent('#identity-note'), new RegExp(`fingerprint ${JSON.parse(text).fingerprint}`));
  assert.deepEqual(problems, []);
  await page.close();
});
