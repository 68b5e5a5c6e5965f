// The circuit: the page's panel (the engine's SVG of nuclei, regions and
// projections; the levels each region receives after a run; a region
// editor reached by keyboard whose edits go through the page's state and
// link), a screenshot reference of the panel, and <modulab-figure
// view="circuit">. To update the reference after an intended change:
// UPDATE_REFERENCE=1 node --test tests/page/circuit.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { setup, waitDone, waitText, compareImages } from './helpers.mjs';

const env = setup();
const REF = fileURLToPath(new URL('./reference/', import.meta.url));

// Waits (polling, up to `timeout` ms) until `check(arg)` holds in the page:
// the condition a test then asserts.
const until = (page, check, arg, timeout = 30000) =>
  page.waitForFunction(check, arg, { timeout, polling: 100 }).catch((e) => { if (e?.name !== 'TimeoutError') throw e; });

// Opens the circuit panel; resolves once its diagram is in.
async function openPanel(page) {
  await page.click('#circuit-box > summary');
  await until(page, () => document.querySelectorAll('#circuit-svg svg [data-region]').length > 0);
}

// Polls `read()` (in this process) until `ok(value)` holds or `timeout` ms
// pass; returns the last value, for the assertion.
async function poll(read, ok, timeout = 30000) {
  const end = Date.now() + timeout;
  let value = await read();
  while (!ok(value) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

const regionClass = (page, name) => page.getAttribute(`#circuit-svg [data-region="${name}"]`, 'class');
// The scenario a URL hash holds, read by the page's own decoder.
const linkScenario = (page) => page.evaluate(async () => (await (await import('/state.js')).decodeState(location.hash)).scenario);

test('the panel shows the engine\'s seven regions, four nuclei and the levels each receives', async () => {
  const { page, problems } = await env.open();
  await openPanel(page);
  const counts = await page.evaluate(() => ({
    regions: [...document.querySelectorAll('#circuit-svg svg g.r[data-region]')].map((g) => g.dataset.region),
    nuclei: document.querySelectorAll('#circuit-svg svg g.n').length,
    lines: document.querySelectorAll('#circuit-svg svg line').length,
    tabbable: [...document.querySelectorAll('#circuit-svg [data-region]')].every((g) => g.tabIndex === 0 && g.getAttribute('role') === 'button' && g.getAttribute('aria-label')),
    svg: [document.querySelector('#circuit-svg svg').getAttribute('role'), document.querySelector('#circuit-svg svg').getAttribute('aria-label')],
    // The engine's own styles apply (white boxes), through a constructable sheet.
    fill: getComputedStyle(document.querySelector('#circuit-svg [data-region] rect')).fill,
    inlineStyle: document.querySelectorAll('#circuit-svg style').length,
  }));
  assert.deepEqual(counts.regions, ['sensory', 'hippocampus', 'ofc', 'mpfc', 'dlpfc', 'dorsal_striatum', 'ventral_striatum']);
  assert.equal(counts.nuclei, 4);
  assert.ok(counts.lines >= 7, `${counts.lines} projections`);
  assert.ok(counts.tabbable, 'every region is a focusable, labelled button');
  assert.equal(counts.svg[0], 'group');
  assert.match(counts.svg[1], /four nuclei/);
  assert.equal(counts.fill, 'rgb(255, 255, 255)');
  assert.equal(counts.inlineStyle, 0);
  // The run has finished: each region's label says what it receives, per condition.
  const label = await waitText(page, '#circuit-svg [data-region="ofc"]', /receives/, { attr: 'aria-label' });
  assert.match(label, /receives \d/);
  assert.equal(await page.getAttribute('#circuit-svg', 'data-levels'), 'run');
  assert.match(await page.getAttribute('#circuit-svg svg', 'aria-label'), /under control/);
  await page.selectOption('#circuit-condition', '1');
  assert.match(await waitText(page, '#circuit-svg svg', /under dopamine halved/, { attr: 'aria-label' }), /under dopamine halved/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('while a run goes on in the worker, the panel shows the levels recorded so far', async () => {
  const { page, problems } = await env.open();
  await openPanel(page);
  assert.equal(await page.evaluate(() => window.modulab.runner.usesWorker), true);
  // Slowly (40 trials/s per run), so the run is seen going on; the chart
  // shows only what it charts, the worker also sends the circuit's metrics.
  await page.selectOption('#speed', 'slow');
  const id = await page.evaluate(() => window.modulab.runner.id);
  await page.click('#run');
  const during = () => page.evaluate((id) => {
    const r = window.modulab.runner;
    const label = document.querySelector('#circuit-svg [data-region="ofc"]')?.getAttribute('aria-label') ?? '';
    return { running: r.id > id && r.state === 'running', trials: r.experiment?.trialsDone ?? 0, label, levels: document.getElementById('circuit-svg').dataset.levels };
  }, id);
  const seen = await poll(during, (v) => v.running && v.trials > 0 && /receives/.test(v.label));
  assert.ok(seen.running, 'the run is still going on');
  assert.equal(seen.levels, 'run');
  assert.match(seen.label, /receives \d/);
  await page.click('#pause');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a region lesioned through the keyboard editor changes the scenario, its link and the diagram', async () => {
  const { page, problems } = await env.open();
  await openPanel(page);
  // Tab from the condition menu reaches the regions in order.
  await page.focus('#circuit-condition');
  for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.region), 'ofc');
  await page.keyboard.press('Enter');
  // Focus moves into the labelled editor.
  assert.equal(await page.evaluate(() => document.activeElement.id), 'region-lesion');
  assert.equal(await page.getAttribute('#circuit-svg [data-region="ofc"]', 'aria-expanded'), 'true');
  const editor = await page.evaluate(() => {
    const form = document.getElementById('region-editor');
    return {
      name: document.getElementById(form.getAttribute('aria-labelledby'))?.textContent,
      legend: form.querySelector('fieldset > legend').textContent,
      live: form.querySelector('[role="status"]')?.getAttribute('aria-live'),
      label: document.querySelector('label[for="region-lesion"]').textContent,
    };
  });
  assert.match(editor.name, /Orbitofrontal|OFC/i);
  assert.match(editor.legend, /condition 1: control/);
  assert.equal(editor.live, 'polite');
  assert.match(editor.label, /^Lesion /);
  await page.keyboard.press('Space');
  await until(page, () => /\blesioned\b/.test(document.querySelector('#circuit-svg [data-region="ofc"]')?.getAttribute('class')));
  assert.match(await regionClass(page, 'ofc'), /\blesioned\b/);
  assert.deepEqual(await page.evaluate(() => window.modulab.state.scenario.conditions[0].lesions), ['ofc']);
  // The condition's own controls show it, and the link holds it.
  assert.equal(await page.isChecked('#c0-lesions-ofc'), true);
  const linked = await poll(() => linkScenario(page).catch(() => null), (s) => s?.conditions[0].lesions?.includes('ofc'));
  assert.deepEqual(linked.conditions[0].lesions, ['ofc']);
  assert.match(await page.textContent('#region-status'), /lesioned/);
  // Escape closes the editor; focus returns to the region.
  await page.keyboard.press('Escape');
  assert.equal(await page.isHidden('#region-editor'), true);
  assert.equal(await page.evaluate(() => document.activeElement.dataset?.region), 'ofc');
  // The re-run shows the lesion too (and its levels).
  await waitDone(page);
  await waitText(page, '#circuit-svg [data-region="ofc"]', /lesioned.*receives/, { attr: 'aria-label' });
  assert.match(await page.getAttribute('#circuit-svg [data-region="ofc"]', 'aria-label'), /lesioned.*receives/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a local receptor edit round-trips through the link; bad input gets the engine\'s message', async () => {
  const { page, problems } = await env.open();
  await openPanel(page);
  await page.selectOption('#circuit-condition', '1');
  await page.click('#circuit-svg [data-region="mpfc"] rect');
  assert.match(await page.textContent('#region-editor legend'), /condition 2: dopamine halved/);
  // Out of range: the engine names the field; the value is marked invalid.
  await page.fill('#region-beta-antagonist', '3');
  await page.press('#region-beta-antagonist', 'Tab');
  const message = await waitText(page, '#region-status', /antagonist/);
  assert.match(message, /conditions\[1\]\.regions\.mpfc\.receptors\.beta\.antagonist/);
  assert.equal(await page.getAttribute('#region-beta-antagonist', 'aria-invalid'), 'true');
  await page.fill('#region-beta-antagonist', '0.5');
  await page.press('#region-beta-antagonist', 'Tab');
  // Tab goes on to the next field: the edit does not rebuild the editor under the keyboard.
  assert.equal(await page.evaluate(() => document.activeElement.id), 'region-beta-agonist');
  await page.check('#region-local-drugs-propranolol');
  const linked = await poll(() => linkScenario(page).catch(() => null), (s) => s?.conditions[1].regions?.mpfc?.drugs?.includes('propranolol'));
  assert.deepEqual(linked.conditions[1].regions, { mpfc: { receptors: { beta: { antagonist: 0.5 } }, drugs: ['propranolol'] } });
  assert.equal(await page.getAttribute('#region-beta-antagonist', 'aria-invalid'), null);
  assert.doesNotMatch(await page.textContent('#region-status'), /must be/);
  assert.match(await regionClass(page, 'mpfc'), /\blocal\b/);
  // A typo the browser cannot read (0.5e) keeps the setting, and the box
  // shows it again (it dropped the setting and kept showing the typo).
  await page.focus('#region-beta-antagonist');
  await page.keyboard.press('End');
  await page.keyboard.type('e');
  await page.keyboard.press('Tab');
  assert.equal(await page.inputValue('#region-beta-antagonist'), '0.5');
  assert.equal(await page.evaluate(() => window.modulab.state.scenario.conditions[1].regions.mpfc.receptors.beta.antagonist), 0.5);
  // The link opens the same scenario: the editor shows the local settings.
  const hash = new URL(page.url()).hash;
  const { page: second, problems: secondProblems } = await env.open(hash);
  await openPanel(second);
  await second.selectOption('#circuit-condition', '1');
  assert.match(await regionClass(second, 'mpfc'), /\blocal\b/);
  await second.focus('#circuit-svg [data-region="mpfc"]');
  await second.keyboard.press('Enter');
  assert.equal(await second.inputValue('#region-beta-antagonist'), '0.5');
  assert.equal(await second.isChecked('#region-local-drugs-propranolol'), true);
  // Clearing removes the region's object from the condition.
  await second.click('#region-clear');
  await until(second, () => !window.modulab.state.scenario.conditions[1].regions);
  assert.equal(await second.evaluate(() => window.modulab.state.scenario.conditions[1].regions), undefined);
  assert.doesNotMatch(await regionClass(second, 'mpfc'), /\blocal\b/);
  assert.deepEqual(problems, []);
  assert.deepEqual(secondProblems, []);
  await page.close();
  await second.close();
});

test('the circuit panel looks like its reference', async () => {
  const { page, problems } = await env.open('', { viewport: { width: 1100, height: 900 } });
  await openPanel(page);
  await waitText(page, '#circuit-svg [data-region="ofc"]', /receives/, { attr: 'aria-label' });
  await page.evaluate(() => { document.activeElement?.blur(); });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const shot = await page.locator('#circuit-svg').screenshot({ scale: 'css', animations: 'disabled' });
  const file = `${REF}circuit.png`;
  if (process.env.UPDATE_REFERENCE) {
    await mkdir(REF, { recursive: true });
    await writeFile(file, shot);
  }
  const ref = await readFile(file).catch(() => null);
  assert.ok(ref, `no reference ${file}: run with UPDATE_REFERENCE=1 to store one`);
  const result = await compareImages(page, shot.toString('base64'), ref.toString('base64'));
  if (result.sizeMismatch || result.fraction > 0.02) await writeFile(`${REF}circuit.actual.png`, shot);
  assert.equal(result.sizeMismatch, undefined, result.sizeMismatch);
  assert.ok(result.fraction <= 0.02, `${(result.fraction * 100).toFixed(2)} % of blocks differ (at most 2 %); see circuit.actual.png`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('<modulab-figure view="circuit"> draws the circuit after its run and reaches done', async () => {
  const page = await env.context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${env.server.url}__test__/circuit.html`);
  await page.waitForSelector('#circuit[data-state="done"]', { timeout: 30000 });
  const seen = await page.evaluate(() => {
    const root = document.getElementById('circuit').shadowRoot;
    const svg = root.querySelector('svg.modulab-circuit');
    const g = (name) => root.querySelector(`[data-region="${name}"]`);
    return {
      regions: root.querySelectorAll('[data-region]').length,
      nuclei: root.querySelectorAll('g.n').length,
      label: svg?.getAttribute('aria-label'),
      ofc: [g('ofc').getAttribute('class'), g('ofc').getAttribute('aria-label')],
      mpfc: g('mpfc').getAttribute('class'),
      chartHidden: root.querySelector('canvas').parentElement.hidden,
      fill: getComputedStyle(g('sensory').querySelector('rect')).fill,
      status: root.querySelector('.status').textContent,
    };
  });
  assert.equal(seen.regions, 7);
  assert.equal(seen.nuclei, 4);
  assert.match(seen.label, /under OFC lesion/);
  assert.match(seen.ofc[0], /\blesioned\b/);
  assert.match(seen.ofc[1], /receives/);
  assert.match(seen.mpfc, /\blocal\b/);
  assert.equal(seen.chartHidden, true);
  assert.equal(seen.fill, 'rgb(255, 255, 255)');
  assert.match(seen.status, /OFC lesion/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the region editor marks a local drug that finds no receptor of its there, and says it changes nothing', async () => {
  const { page, problems } = await env.open();
  await openPanel(page);
  await page.click('#circuit-svg [data-region="hippocampus"] rect');
  const label = (drug) => page.textContent(`label[for="region-local-drugs-${drug}"]`);
  // The hippocampus reads no D2 receptor (REG-5: such an infusion is a control).
  assert.match(await label('haloperidol'), /no target here/);
  assert.doesNotMatch(await label('scopolamine'), /no target here/, 'M1 is read there');
  await page.check('#region-local-drugs-haloperidol');
  assert.match(await waitText(page, '#region-status', /no target here/), /haloperidol: no target here, so no change/);
  assert.deepEqual(await page.evaluate(() => window.modulab.state.scenario.conditions[0].regions.hippocampus.drugs), ['haloperidol']);
  assert.deepEqual(problems, []);
  await page.close();
});

test('lesioning a region removes its local settings, which would change nothing, and greys them out until the lesion goes', async () => {
  const { page, problems } = await env.open();
  await openPanel(page);
  await page.click('#circuit-svg [data-region="mpfc"] rect');
  await page.check('#region-local-drugs-propranolol');
  await waitText(page, '#region-status', /local drugs propranolol/);
  assert.deepEqual(await page.evaluate(() => window.modulab.state.scenario.conditions[0].regions.mpfc.drugs), ['propranolol']);
  await page.check('#region-lesion');
  assert.match(await waitText(page, '#region-status', /lesioned/), /its local changes removed, as they would change nothing/);
  assert.equal(await page.evaluate(() => window.modulab.state.scenario.conditions[0].regions?.mpfc), undefined);
  assert.deepEqual(await page.evaluate(() => window.modulab.state.scenario.conditions[0].lesions), ['mpfc']);
  assert.equal(await page.$eval('#region-local-drugs-propranolol', (e) => e.closest('fieldset.local-settings').disabled), true, 'greyed out');
  assert.match(await page.textContent('#region-lesioned'), /would change nothing/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'region-lesion', 'focus stays on the lesion');
  assert.equal(await page.isHidden('#error'), true, await page.textContent('#error'));
  // Without the lesion they are offered again.
  await page.uncheck('#region-lesion');
  await waitText(page, '#region-status', /no longer lesioned/);
  assert.equal(await page.$eval('#region-local-drugs-propranolol', (e) => e.closest('fieldset.local-settings').disabled), false);
  assert.deepEqual(problems, []);
  await page.close();
});
