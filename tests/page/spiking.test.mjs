// The spiking page in headless Chromium: the distal-reward network run in
// the page's Web Worker, conditions side by side on the same seeds (one
// raster each), bands over seeds on the weight charts, the state in the
// link, CSV / JSON / PNG exports, Step and speed, the Embed dialog's
// figure, a figure before Run, and the engine's exact reward count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { setup, encode, waitInk, waitText, pngText } from './helpers.mjs';

const env = setup();

const preset = async () => JSON.parse(await readFile(new URL('../../www/scenarios/distal_reward.json', import.meta.url), 'utf8'));
const view = (extra = {}) => ({ charts: ['rewarded_weight', 'mean_weight'], window: 1, band: 'sem', speed: 'fast', preset: '', ...extra });
const waitState = (page, st, timeout = 60000) => page.waitForSelector(`body[data-state="${st}"]`, { timeout });

// Opens the spiking page with `state` in its link (or the preset). The link
// is encoded in a scratch tab and opened by a fresh load: a hash change
// and a reload in the same tab could race the preset's own replaceState of
// its link, then reload the preset (a CI run saw it).
async function open(state = null) {
  if (!state) return env.open('spiking.html', { done: false });
  const scratch = await env.open('spiking.html', { done: false });
  const hash = await encode(scratch.page, state);
  assert.deepEqual(scratch.problems, []);
  await scratch.page.close();
  return env.open(`spiking.html#${hash}`, { done: false });
}

const modelSeconds = async (page) => Number(/([\d.]+) s of model time/.exec(await page.textContent('#status'))?.[1]);

test('the preset runs in the worker: conditions side by side, one raster each, weight charts drawn', async () => {
  const { page, problems } = await open();
  await waitState(page, 'done');
  const status = await page.textContent('#status');
  assert.match(status, /^Done: 120\.0 s of model time in every network \(2 condition\(s\) × 5 seed\(s\) × 120 bins, in a background worker\)/);
  assert.equal(await page.locator('#rasters canvas').count(), 2, 'one raster per condition');
  const [a, b] = [await page.locator('#raster-0').boundingBox(), await page.locator('#raster-1').boundingBox()];
  assert.ok(Math.abs(a.y - b.y) < 2 && b.x > a.x + a.width - 2, `side by side: ${JSON.stringify([a, b])}`);
  for (const id of ['#raster-0', '#raster-1']) assert.ok((await waitInk(page, id, 500)).n > 500, `${id} has spikes`);
  assert.match(await page.textContent('#raster-0-caption'), /^120\.0 s of model time · rewards \d+ \(first seed\)/);
  assert.ok((await waitInk(page, '#chart-0', 2000)).n > 2000, 'the weight chart is drawn');
  assert.match(await page.textContent('#chart-0-readout'), /control .*dopamine depleted/);
  // The control's rewarded synapse grows more than the depleted one's.
  const last = await page.evaluate(() => window.modulab.runner.experiment.valueAt('rewarded_weight', 1e9, { window: 1, band: 'sem' }));
  assert.ok(last[0].mean > last[1].mean, `control ${last[0].mean} > depleted ${last[1].mean}`);
  // The preset runs several seeds: the weight curves have a band (a
  // single seed's band has no width).
  assert.ok((await preset()).seeds >= 5, 'the preset runs several seeds');
  const mean = await page.evaluate(() => window.modulab.runner.experiment.valueAt('mean_weight', 1e9, { window: 1, band: 'sem' }));
  for (const v of [...last, ...mean]) assert.ok(v.high - v.low > 1e-6, `a band over the preset's seeds: ${JSON.stringify(v)}`);
  assert.match(await page.textContent('#raster-0-caption'), /mean [\d.]+ over 5 seeds/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a long scenario shows its first second before Run; Step advances; speed and pause hold', async () => {
  const scenario = { ...(await preset()), task: { ...(await preset()).task, duration_s: 600 } };
  const { page, problems } = await open({ scenario, view: view() });
  await waitState(page, 'paused');
  assert.equal(await modelSeconds(page), 1, 'one bin shown before Run');
  for (const id of ['#raster-0', '#raster-1']) assert.ok((await waitInk(page, id, 500)).n > 500, `${id} is drawn before Run`);
  assert.equal(await page.textContent('#run'), 'Resume');
  await page.click('#step');
  assert.match(await waitText(page, '#status', /^Paused: 2\.0 s/), /^Paused: 2\.0 s/, 'Step runs one more bin');
  await page.click('#step');
  assert.match(await waitText(page, '#status', /^Paused: 3\.0 s/), /^Paused: 3\.0 s/);
  assert.match(await page.textContent('#raster-1-caption'), /^3\.0 s of model time/);
  // Slow: 40 bins a second per network, so about 40 model seconds in a second.
  await page.selectOption('#speed', 'slow');
  await page.click('#run');
  await page.waitForTimeout(1500);
  await page.click('#pause');
  await waitState(page, 'paused');
  const t = await modelSeconds(page);
  assert.ok(t > 3 && t < 150, `slow speed ran a bounded amount: ${t} s`);
  await page.waitForTimeout(400);
  assert.equal(await modelSeconds(page), t, 'nothing runs while paused');
  assert.equal(await page.evaluate(() => window.modulab.state.view.speed), 'slow');
  assert.deepEqual(problems, []);
  await page.close();
});

test('seeds give bands on the weight curves, and the link restores the whole state', async () => {
  const base = await preset();
  const scenario = { ...base, task: { ...base.task, duration_s: 30 }, seeds: 3 };
  const { page, problems } = await open({ scenario, view: view() });
  await waitState(page, 'done');
  const values = await page.evaluate(() => window.modulab.runner.experiment.valueAt('mean_weight', 1e9, { window: 1, band: 'sem' }));
  assert.equal(values.length, 2);
  for (const v of values) assert.ok(v.high - v.low > 1e-6, `a band over 3 seeds: ${JSON.stringify(v)}`);
  assert.match(await page.textContent('#raster-0-caption'), /mean [\d.]+ over 3 seeds/);
  // Change settings: the link follows.
  await page.selectOption('#band', 'ci95');
  await page.selectOption('#chart-1-metric', 'rate_exc');
  await page.fill('#c1-label', 'no dopamine release');
  await page.dispatchEvent('#c1-label', 'change');
  await page.fill('#title', 'Tagged synapse, 30 s');
  await page.dispatchEvent('#title', 'change');
  await page.fill('#seeds', '2');
  await page.dispatchEvent('#seeds', 'change');
  await page.waitForFunction(() => window.modulab.runner.experiment?.info().seeds === 2);
  assert.equal(await page.evaluate(() => window.modulab.runner.experiment.info().name), 'Tagged synapse, 30 s', 'the title names the run');
  await waitState(page, 'done');
  await page.waitForFunction(() => location.hash.length > 10);
  await page.waitForTimeout(300);
  const url = page.url();
  const again = await env.context.newPage();
  await again.goto(url);
  await waitState(again, 'done');
  assert.equal(await again.inputValue('#seeds'), '2');
  assert.equal(await again.inputValue('#title'), 'Tagged synapse, 30 s');
  assert.equal(await again.inputValue('#band'), 'ci95');
  assert.equal(await again.inputValue('#chart-1-metric'), 'rate_exc');
  assert.equal(await again.inputValue('#c1-label'), 'no dopamine release');
  assert.equal(await again.inputValue('#task-duration_s'), '30');
  assert.equal(await again.getAttribute('#identity-note', 'data-identity'), 'identical');
  assert.match(await again.locator('#rasters h3').nth(1).textContent(), /no dopamine release/);
  // The same seeds give the same numbers.
  const digest = (p) => p.evaluate(() => window.modulab.runner.experiment.digest());
  assert.equal(await digest(again), await digest(page));
  // Emptied, the seeds field shows the engine's default, which then runs.
  await again.fill('#seeds', '');
  await again.dispatchEvent('#seeds', 'change');
  const seeds = await again.inputValue('#seeds');
  assert.match(seeds, /^[1-9][0-9]*$/, `the seeds field shows a number, got "${seeds}"`);
  await again.waitForFunction((n) => window.modulab.runner.experiment?.info().seeds === n, Number(seeds));
  // A link of another task is refused with a message, the preset shown.
  const other = await encode(again, { scenario: { task: { kind: 'bandit' } }, view: view() });
  // A fresh load of the link (a hash change and a reload could race the
  // page's own replaceState of the shown preset's link, then reload that).
  await again.goto('about:blank');
  await again.goto(`${env.server.url}spiking.html#${other}`);
  await again.locator('#error').waitFor({ state: 'visible' });
  assert.match(await again.textContent('#error'), /bandit scenario: open it on the main page/);
  assert.deepEqual(problems, []);
  await page.close();
  await again.close();
});

test('CSV, results JSON, scenario and PNG (chart and raster) download', async () => {
  const { page, problems } = await open();
  await waitState(page, 'done');
  const get = async (selector) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
    return { name: d.suggestedFilename(), bytes: await readFile(await d.path()) };
  };
  const csv = await get('#csv');
  assert.match(csv.name, /\.csv$/);
  const lines = csv.bytes.toString('utf8').split('\n');
  assert.match(lines[0], /^# ModuLab /);
  assert.equal(lines[1], 'condition,seed,trial,metric,value');
  assert.ok(lines.some((l) => l.startsWith('dopamine depleted (release x0.25),') && l.includes(',rewarded_weight,')));
  const json = await get('#json');
  assert.match(json.name, /-results\.json$/);
  const doc = JSON.parse(json.bytes.toString('utf8'));
  assert.equal(doc.scenario.task.kind, 'distal_reward');
  const scenario = await get('#scenario-file');
  assert.equal(JSON.parse(scenario.bytes.toString('utf8')).task.kind, 'distal_reward');
  const png = [0x89, 0x50, 0x4e, 0x47];
  const id = await page.evaluate(() => ({ ...window.modulab.runner.experiment.identity(), name: window.modulab.runner.experiment.info().name }));
  for (const selector of ['#charts section:first-child button', '#rasters section:nth-child(2) button']) {
    const f = await get(selector);
    assert.match(f.name, /\.png$/);
    assert.deepEqual([...f.bytes.subarray(0, 4)], png, `${f.name} is a PNG`);
    assert.ok(f.bytes.length > 2000, `${f.name} holds a picture`);
    // Like every export, the image names the engine and the model fingerprint.
    const text = pngText(f.bytes);
    assert.equal(text.Software, `ModuLab ${id.engine_version}`, f.name);
    assert.match(text.Comment, new RegExp(`^model fingerprint ${id.fingerprint} `), f.name);
    assert.equal(text.Title, id.name || undefined, f.name);
    // And it still decodes.
    const width = await page.evaluate(async (b64) => { const img = new Image(); img.src = `data:image/png;base64,${b64}`; await img.decode(); return img.naturalWidth; }, f.bytes.toString('base64'));
    assert.ok(width > 100, `${f.name} decodes (${width} px)`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('the Embed dialog gives a figure that shows the spiking run', async () => {
  const { page, problems } = await open();
  await waitState(page, 'done');
  await page.click('#embed');
  await page.waitForSelector('#embed-dialog[data-ready="true"]');
  const iframe = await page.inputValue('#embed-iframe');
  assert.match(iframe, /embed\.html\?metric=rewarded_weight&amp;window=1&amp;band=sem#v1\./);
  assert.match(await page.inputValue('#embed-element'), /<modulab-figure state="#v1\.[^"]+"\s+metric="rewarded_weight"/);
  assert.match(await page.inputValue('#embed-command'), /^modulab figure distal-reward-.*--metric rewarded_weight/);
  await page.click('#embed-close');
  // The snippet's page draws the chart from the link's state.
  const src = /src="([^"]+)"/.exec(iframe)[1].replaceAll('&amp;', '&');
  const figure = await env.context.newPage();
  await figure.goto(src);
  await figure.waitForSelector('#figure[data-state="done"]', { timeout: 60000 });
  const figureProblems = [];
  figure.on('pageerror', (e) => figureProblems.push(e.message));
  const ink = await figure.evaluate(() => {
    const c = document.getElementById('figure').shadowRoot.querySelector('canvas');
    const t = Object.assign(document.createElement('canvas'), { width: c.width, height: c.height });
    const x = t.getContext('2d', { willReadFrequently: true });
    x.drawImage(c, 0, 0);
    const d = x.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) n++;
    return n;
  });
  assert.ok(ink > 2000, `the embedded figure draws the chart (${ink} pixels)`);
  assert.match(await figure.getAttribute('#figure', 'metric'), /^rewarded_weight$/);
  assert.deepEqual(figureProblems, []);
  assert.deepEqual(problems, []);
  await page.close();
  await figure.close();
});

test('the reward count is the engine\'s, exact past downsampling (a stride-less sum is not)', async () => {
  // A small network in 10 ms bins: 20,000 bins, more than twice the 8192
  // points a series keeps, so the recording is downsampled (stride 4); the
  // rewarded synapse starts at 4 mV, so that rewards come.
  const scenario = {
    task: { kind: 'distal_reward', duration_s: 200, bin_ms: 10, rewarded_weight: 4, neurons: 100, synapses_per_neuron: 20 },
    conditions: [{ label: 'control' }], seeds: 1,
  };
  const { page, problems } = await open({ scenario, view: view() });
  await waitState(page, 'paused');
  await page.click('#run');
  await waitState(page, 'done', 120000);
  const shown = Number(await page.getAttribute('#raster-0-caption', 'data-rewards'));
  const check = await page.evaluate(async (scenario) => {
    const { Experiment } = await import('/pkg/modulab.js');
    const exp = new Experiment(scenario);
    while (!exp.done) exp.step(1000);
    const exact = exp.rewardTotal(0, 0);
    exp.free();
    // The old page's count: the stored points of `reward` summed without their stride.
    const stored = window.modulab.runner.experiment.series(0, 0, 'reward');
    return { exact, naive: stored.reduce((a, b) => a + b, 0), points: stored.length };
  }, scenario);
  assert.ok(check.exact >= 3, `some rewards: ${JSON.stringify(check)}`);
  assert.ok(check.points < 20000 / 2, `the series was downsampled: ${check.points} points`);
  assert.equal(shown, check.exact, 'the page shows the engine\'s count');
  assert.notEqual(Math.round(check.naive), check.exact, 'the old stride-less sum would be wrong here');
  assert.match(await page.textContent('#raster-0-caption'), new RegExp(`rewards ${check.exact} \\(first seed\\)`));
  assert.deepEqual(problems, []);
  await page.close();
});

test('a bad setting shows the engine\'s message naming the field', async () => {
  const { page, problems } = await open();
  await page.fill('#task-duration_s', '0');
  await page.dispatchEvent('#task-duration_s', 'change');
  await page.locator('#error').waitFor({ state: 'visible' });
  assert.match(await page.textContent('#error'), /^task\.duration_s: must be a whole number/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the weight charts run over model time, as the engine describes the run', async () => {
  // Bins of 500 ms: 20 s is 40 recorded points, the last at 20 s.
  const base = await preset();
  const scenario = { ...base, task: { ...base.task, duration_s: 20, bin_ms: 500 }, seeds: 2 };
  const { page, problems } = await open({ scenario, view: view() });
  await waitState(page, 'done');
  const axis = await page.evaluate(() => window.modulab.runner.experiment.info().x_axis);
  assert.equal(axis.label, 'model time (s)', 'the engine names the x axis');
  assert.equal(axis.per_point, 0.5);
  const last = await page.evaluate(() => window.modulab.runner.experiment.valueAt('mean_weight', 1e9, { window: 1, band: 'sem' }));
  assert.equal(last[0].trial, 40, 'the 40th bin');
  assert.equal(last[0].x, 20, 'at 20 s of model time');
  assert.match(await waitText(page, '#chart-0-readout', /^Last point, model time 20 s: control /), /^Last point, model time 20 s: control /);
  const label = await page.getAttribute('#chart-0', 'aria-label');
  assert.match(label, /^Chart of .* by model time, .*smoothed over 1 bin\(s\)\. At model time 20 s: control /);
  assert.doesNotMatch(label, /trial/);
  // Hovering the middle of the chart reads a point by its model time.
  await page.locator('#chart-0').scrollIntoViewIfNeeded();
  const box = await page.locator('#chart-0').boundingBox();
  await page.mouse.move(box.x + box.width * 0.55, box.y + box.height / 2);
  const hover = await waitText(page, '#chart-0-readout', /^Model time [\d.]+ s: control /);
  const t = Number(/^Model time ([\d.]+) s/.exec(hover)[1]);
  assert.ok(t > 2 && t < 20 && Number.isInteger(t * 2), `a bin's end in the middle of 20 s: ${t}`);
  // The keyboard too: End goes to the last bin, at 20 s.
  await page.focus('#chart-1');
  await page.keyboard.press('End');
  assert.match(await waitText(page, '#chart-1-readout', /^Model time 20 s: control /), /^Model time 20 s: control /);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a Pavlovian protocol opens on the responses to S1 and to the other sets, and back', async () => {
  const base = await preset();
  const scenario = { ...base, task: { ...base.task, duration_s: 5 }, seeds: 1 };
  const { page, problems } = await open({ scenario, view: view() });
  await waitState(page, 'done');
  const shown = () => page.evaluate(() => [0, 1].map((i) => document.getElementById(`chart-${i}-metric`).value));
  assert.deepEqual(await shown(), ['rewarded_weight', 'mean_weight']);
  await page.selectOption('#task-protocol', 'pavlovian');
  await page.waitForFunction(() => document.body.dataset.state === 'done'
    && JSON.parse(window.modulab.runner.experiment.scenarioJson()).task.protocol === 'pavlovian', null, { timeout: 60000 });
  assert.deepEqual(await shown(), ['s1_response', 'other_response']);
  assert.match(await page.textContent('#charts'), /Response to S1/);
  assert.ok((await waitInk(page, '#chart-0', 500)).n > 500, 'the S1 chart is drawn');
  // A chart the reader picks stays when the protocol changes back.
  await page.selectOption('#chart-1-metric', 'rate_exc');
  await page.selectOption('#task-protocol', 'instrumental');
  await page.waitForFunction(() => document.body.dataset.state === 'done'
    && JSON.parse(window.modulab.runner.experiment.scenarioJson()).task.protocol === 'instrumental', null, { timeout: 60000 });
  assert.deepEqual(await shown(), ['s1_response', 'rate_exc']);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the cards offer only the lesion the network reads, and a new region removes the old one and says so', async () => {
  const base = await preset();
  const scenario = { ...base, task: { ...base.task, duration_s: 5 }, conditions: [{ label: 'control' }, { label: 'lesioned', lesions: ['sensory'] }], seeds: 1 };
  const { page, problems } = await open({ scenario, view: view() });
  await waitState(page, 'done');
  // The network stands for one region (sensory by default): the engine
  // refuses any other lesion, so no other is offered.
  const offered = (i) => page.$$eval(`#c${i}-lesions input`, (xs) => xs.map((x) => x.value));
  assert.deepEqual(await offered(0), ['sensory']);
  assert.equal(await page.isChecked('#c1-lesions-sensory'), true);
  // Likewise the drugs: anisomycin acts on the rate circuit's consolidation,
  // which the network does not have.
  const drugs = await page.$$eval('#c0-drugs input', (xs) => xs.map((x) => x.value));
  assert.ok(drugs.includes('atomoxetine') && drugs.includes('ssri_acute') && !drugs.includes('anisomycin'), drugs.join());
  // The network now stands for the OFC: the sensory lesion would change
  // nothing, so the page removes it and names it; the OFC's is offered.
  await page.locator('#task-region').evaluate((s) => s.closest('details')?.setAttribute('open', ''));
  await page.selectOption('#task-region', 'ofc');
  await page.waitForFunction(() => /does not read conditions\[1\]\.lesions\[0\]: removed/.test(document.getElementById('status').textContent));
  assert.deepEqual(await offered(0), ['ofc']);
  assert.deepEqual(await offered(1), ['ofc']);
  assert.equal(await page.evaluate(() => window.modulab.state.scenario.conditions[1].lesions), undefined);
  await waitState(page, 'done');
  assert.match(await page.textContent('#status'), /^Done.*removed/, 'the note stays beside the run it started');
  // The OFC lesion acts: a run without the error the old one would give.
  await page.check('#c1-lesions-ofc');
  await page.waitForFunction(() => document.body.dataset.state === 'done'
    && JSON.parse(window.modulab.runner.experiment.scenarioJson()).conditions[1].lesions?.[0] === 'ofc', null, { timeout: 60000 });
  assert.equal(await page.isVisible('#error'), false);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a condition card edits every condition field the network reads: a lesion and a drug change the run', async () => {
  const base = await preset();
  const scenario = { ...base, task: { ...base.task, duration_s: 10 }, conditions: [{ label: 'control' }], seeds: 1 };
  const { page, problems } = await open({ scenario, view: view() });
  await waitState(page, 'done');
  // The card shows the fields the engine's task description names, and
  // only those: drugs, lesions, receptors, the four modulators' tone, age;
  // not from_trial, nor the phasic gain of ACh (the network reads neither).
  const reads = await page.evaluate(async () => (await import('/pkg/modulab.js')).taskSchema().find((d) => d.kind === 'distal_reward').condition_fields);
  assert.ok(reads.includes('drugs') && reads.includes('lesions') && reads.includes('receptors.d2.antagonist') && reads.includes('age'));
  for (const id of ['#c0-drugs-haloperidol', '#c0-lesions-sensory', '#c0-receptors-d2-antagonist', '#c0-serotonin-tonic_offset', '#c0-age', '#c0-dopamine-release']) {
    assert.equal(await page.locator(id).count(), 1, `${id} is on the card`);
  }
  for (const id of ['#c0-from_trial', '#c0-acetylcholine-gain', '#c0-serotonin-clamp']) {
    assert.equal(await page.locator(id).count(), 0, `${id} is not (the network does not read it)`);
  }
  const before = await page.evaluate(() => window.modulab.runner.experiment.digest());
  const weight = () => page.evaluate(() => window.modulab.runner.experiment.valueAt('mean_weight', 1e9, { window: 1, band: 'sem' })[0].mean);
  const w0 = await weight();
  // A lesion of the network's region: its weights stay where they began.
  // (Done once the run of the edited scenario is finished and drawn.)
  const ran = (key) => page.waitForFunction((key) => document.body.dataset.state === 'done'
    && JSON.stringify(JSON.parse(window.modulab.runner.experiment.scenarioJson()).conditions[0][key] ?? []).length > 2, key, { timeout: 60000 });
  await page.check('#c0-lesions-sensory');
  await ran('lesions');
  assert.deepEqual(await page.evaluate(() => window.modulab.state.scenario.conditions[0].lesions), ['sensory']);
  const lesioned = await weight();
  assert.ok(Math.abs(lesioned - 79999 / 80000) < 1e-6, `frozen weights: ${lesioned}`);
  assert.notEqual(lesioned, w0);
  // A drug instead (atomoxetine: NE reuptake block, more input gain).
  await page.uncheck('#c0-lesions-sensory');
  await page.check('#c0-drugs-atomoxetine');
  await ran('drugs');
  assert.equal(await page.evaluate(() => (JSON.parse(window.modulab.runner.experiment.scenarioJson()).conditions[0].lesions ?? []).length), 0, 'the lesion is gone');
  const drugged = await page.evaluate(() => window.modulab.runner.experiment.digest());
  assert.notEqual(drugged, before, 'the drug changes the numbers');
  // The link holds the edit: a fresh page shows it on the card.
  await page.waitForTimeout(300);
  const again = await env.context.newPage();
  await again.goto(page.url());
  await waitState(again, 'done');
  assert.equal(await again.isChecked('#c0-drugs-atomoxetine'), true);
  assert.equal(await again.evaluate(() => window.modulab.runner.experiment.digest()), drugged);
  assert.deepEqual(problems, []);
  await page.close();
  await again.close();
});

test('a link whose scenario leaves seeds out shows the seeds the engine runs', async () => {
  const { page, problems } = await open({ scenario: { task: { kind: 'distal_reward', duration_s: 1 } }, view: view() });
  await waitText(page, '#status', /× 20 seed\(s\)/);
  assert.equal(await page.inputValue('#seeds'), '20');
  assert.equal(await page.inputValue('#first-seed'), '0');
  assert.deepEqual(problems, []);
  await page.close();
});

test('an edited preset is titled "(edited)"; the Pavlovian fields show only for that protocol and reset when it changes', async () => {
  const { page, problems } = await open();
  await waitState(page, 'done', 120000);
  const name = await page.inputValue('#title');
  assert.ok(name.length > 5 && !/\(edited\)/.test(name), name);
  // Shorter runs for the rest of the test: the edit retitles the preset.
  await page.fill('#task-duration_s', '5');
  await page.dispatchEvent('#task-duration_s', 'change');
  assert.equal(await page.inputValue('#title'), `${name} (edited)`);
  await page.waitForFunction((n) => window.modulab.runner.experiment?.info().name === n, `${name} (edited)`);
  // A title of one's own is kept through later edits.
  await page.fill('#title', 'My network');
  await page.dispatchEvent('#title', 'change');
  await page.fill('#seeds', '1');
  await page.dispatchEvent('#seeds', 'change');
  assert.equal(await page.inputValue('#title'), 'My network');
  // The instrumental protocol reads no stimulus sets: hidden.
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
  const hidden = (id) => page.$eval(id, (e) => e.closest('.field').hidden);
  assert.equal(await hidden('#task-sets'), true, 'instrumental: no sets');
  assert.equal(await hidden('#task-coincidence_ms'), false);
  await page.selectOption('#task-protocol', 'pavlovian');
  assert.equal(await hidden('#task-sets'), false, 'Pavlovian: sets shown');
  assert.equal(await hidden('#task-coincidence_ms'), true, 'Pavlovian: no coincidence window');
  await page.fill('#task-sets', '3');
  await page.dispatchEvent('#task-sets', 'change');
  assert.equal(await page.evaluate(() => window.modulab.state.scenario.task.sets), 3);
  // Back to instrumental: the sets would change nothing (the engine refuses
  // them), so they go back to the default and the page says so.
  await page.selectOption('#task-protocol', 'instrumental');
  await page.waitForFunction(() => /task\.sets: not read with this protocol/.test(document.getElementById('status').textContent));
  assert.equal(await page.evaluate(() => window.modulab.state.scenario.task.sets), undefined);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'task-protocol', 'focus stays on the protocol');
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
  assert.equal(await hidden('#task-sets'), true);
  await waitState(page, 'done');
  assert.equal(await page.isHidden('#error'), true, await page.textContent('#error'));
  assert.deepEqual(problems, []);
  await page.close();
});
