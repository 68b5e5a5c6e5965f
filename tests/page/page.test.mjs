// The real page in headless Chromium: presets, generated controls, runs in
// the worker, charts drawn by the engine, conditions side by side, hover,
// errors, and nothing on the console or off the origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, waitDone, rerun, waitInk, waitColour, waitText, encode, BLUE, VERMILLION } from './helpers.mjs';
import { launch, watch } from './browser.mjs';

const env = setup();

test('the default preset runs in the worker and draws four hi-DPI charts', async () => {
  const { page, problems } = await env.open();
  const status = await waitText(page, '#status', /^Done: Two-armed bandit, 80\/20: 2 condition\(s\) × 20 seed\(s\) × 300 trials, in a background worker/);
  assert.match(status, /^Done: Two-armed bandit, 80\/20: 2 condition\(s\) × 20 seed\(s\) × 300 trials, in a background worker/);
  assert.equal(await page.locator('#charts canvas:visible').count(), 4);
  const ink = await waitInk(page, '#chart-0');
  const css = await page.evaluate(() => document.getElementById('chart-0').getBoundingClientRect().width);
  assert.equal(ink.width, Math.round(css * 2), 'backing store follows devicePixelRatio 2');
  assert.ok(ink.n > 5000, `chart drawn (${ink.n} pixels)`);
  assert.equal(await page.inputValue('#task-p_reward-0'), '0.8', 'task fields come from the schema and the preset');
  assert.equal(await page.locator('#scenario option[value="bandit.json"]').count(), 1);
  assert.equal(await page.getAttribute('#status', 'aria-live'), 'polite');
  assert.equal(await page.evaluate(() => document.getElementById('progress').value), 1);
  assert.match(await waitText(page, '#chart-0', /^Chart of P\(best choice\) by trial/, { attr: 'aria-label' }), /^Chart of P\(best choice\) by trial/);
  // Resized with the window, still at the screen's pixel ratio.
  await page.setViewportSize({ width: 900, height: 800 });
  await page.waitForFunction(() => {
    const c = document.getElementById('chart-0');
    return c.width === Math.round(c.getBoundingClientRect().width * 2);
  });
  assert.ok((await waitInk(page, '#chart-0')).n > 5000, 'redrawn after the resize');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the worker draws the charts of a batch, previews while it runs and full resolution at its end; hover is drawn by the page', async () => {
  const { page: first } = await env.open();
  // 400 trials per second per run: the run lasts about 1.5 s.
  const hash = await encode(first, { scenario: { task: { kind: 'reversal', trials: 600 }, seeds: 4, conditions: [
    { label: 'control' }, { label: 'low', dopamine: { gain: 0.5 } },
  ] }, view: { speed: 'medium' } });
  await first.close();
  const { page, problems } = await env.open(`#${hash}`, { done: false });
  // A preview from the worker: an ImageBitmap at one pixel per CSS pixel.
  await page.waitForFunction(() => document.body.dataset.state === 'running'
    && document.getElementById('chart-0').dataset.drawnBy === 'worker');
  const size = () => page.evaluate(() => {
    const c = document.getElementById('chart-0');
    const w = c.getBoundingClientRect().width;
    return { width: c.width, css: Math.round(w), hiDpi: Math.round(w * 2), by: c.dataset.drawnBy };
  });
  const preview = await size();
  assert.equal(preview.width, preview.css);
  assert.ok((await waitInk(page, '#chart-0')).n > 2000, 'the preview has the chart');
  // The readout has the last values the worker sent with the bitmap.
  assert.match(await waitText(page, '#chart-0-readout', /^Last point, trial \d+:/), /control .* low /);
  await waitDone(page);
  const full = await size();
  assert.deepEqual([full.width, full.by], [full.hiDpi, 'worker'], 'the last snapshot at devicePixelRatio 2');
  assert.ok((await waitInk(page, '#chart-0')).n > 5000, 'the finished run at full resolution');
  // Hovering draws the chart here, with its cursor, for this run's layout.
  const box = await page.locator('#chart-0').boundingBox();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
  await page.waitForFunction(() => document.getElementById('chart-0').dataset.drawnBy === 'page');
  assert.match(await waitText(page, '#chart-0-readout', /^Trial \d+:/), /^Trial \d+: control /);
  assert.equal((await size()).width, full.hiDpi);
  assert.deepEqual(problems, []);
  await page.close();
});

test('two conditions are drawn in two Okabe–Ito colours', async () => {
  const { page, problems } = await env.open();
  assert.ok(await waitColour(page, '#chart-0', BLUE, 300) > 300, 'control in blue');
  assert.ok(await waitColour(page, '#chart-0', VERMILLION, 300) > 300, 'second condition in vermillion');
  assert.deepEqual(problems, []);
  await page.close();
});

test('conditions are added, renamed, duplicated and removed, and all run', async () => {
  const { page, problems } = await env.open();
  await page.click('#add-condition');
  await page.fill('#c2-label', 'haloperidol');
  await page.press('#c2-label', 'Tab');
  // Drugs and regions are named as the exercises and the literature write them.
  assert.equal(await page.textContent('label[for="c2-drugs-six_ohda"]'), '6-OHDA');
  assert.equal(await page.textContent('label[for="c2-lesions-mpfc"]'), 'mPFC');
  await rerun(page, () => page.locator('#c2-drugs-haloperidol').check());
  assert.match(await waitText(page, '#status', /3 condition/), /3 condition/);
  assert.deepEqual(await page.evaluate(() => window.modulab.state.scenario.conditions[2]), { label: 'haloperidol', drugs: ['haloperidol'] });
  assert.ok(await waitColour(page, '#chart-0', [0, 158, 115], 200) > 200, 'third condition in bluish green');
  await page.click('button[aria-label="Duplicate condition 3"]');
  await page.waitForFunction(() => window.modulab.state.scenario.conditions.length === 4);
  assert.equal(await page.inputValue('#c3-label'), 'haloperidol copy');
  await rerun(page, () => page.click('button[aria-label="Remove condition 1"]'));
  assert.equal(await page.evaluate(() => window.modulab.state.scenario.conditions.length), 3);
  assert.equal(await page.inputValue('#c0-label'), 'dopamine halved');
  const readout = await waitText(page, '#chart-0-readout', /dopamine halved .*haloperidol .*haloperidol copy/);
  assert.match(readout, /dopamine halved .*haloperidol .*haloperidol copy/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a bad value shows the engine\'s message naming the field', async () => {
  const { page, problems } = await env.open();
  await page.fill('#task-p_reward-1', '1.3');
  await page.press('#task-p_reward-1', 'Tab');
  const error = page.locator('#error');
  await error.waitFor({ state: 'visible' });
  assert.equal(await error.textContent(), 'task.p_reward[1]: must be within [0, 1], got 1.3');
  await page.fill('#task-p_reward-1', '0.3');
  await page.press('#task-p_reward-1', 'Tab');
  await error.waitFor({ state: 'hidden' });
  await waitDone(page);
  // A value fixed into one too big to run by itself clears the error too.
  await page.fill('#task-trials', '-1');
  await page.press('#task-trials', 'Tab');
  await error.waitFor({ state: 'visible' });
  await page.fill('#task-trials', '1000000');
  await page.press('#task-trials', 'Tab');
  await waitText(page, '#status', /press Run to see them/);
  assert.equal(await error.isHidden(), true, await error.textContent());
  assert.deepEqual(problems, []);
  await page.close();
});

test('an emptied number field shows the value the run then uses', async () => {
  const { page, problems } = await env.open();
  await rerun(page, async () => {
    await page.fill('#task-trials', '120');
    await page.press('#task-trials', 'Tab');
  });
  // Emptied: the engine's default, shown as the run uses it.
  await rerun(page, async () => {
    await page.fill('#task-trials', '');
    await page.press('#task-trials', 'Tab');
  });
  assert.match(await page.textContent('#status'), /× 300 trials/);
  assert.equal(await page.inputValue('#task-trials'), '300');
  // A typo the browser cannot read as a number keeps the value shown.
  const before = await page.evaluate(() => window.modulab.runner.id);
  await page.focus('#task-trials');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('3e');
  await page.press('#task-trials', 'Tab');
  assert.equal(await page.inputValue('#task-trials'), '300');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await page.evaluate(() => window.modulab.runner.id), before, 'no run started by a typo');
  // An emptied entry of a list keeps its value (a slip of the keyboard does
  // not run another experiment), and so does one given letters.
  const id = await page.evaluate(() => window.modulab.runner.id);
  await page.fill('#task-p_reward-1', '');
  await page.press('#task-p_reward-1', 'Tab');
  assert.equal(await page.inputValue('#task-p_reward-1'), '0.2');
  await page.focus('#task-p_reward-1');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('abc');
  await page.press('#task-p_reward-1', 'Tab');
  assert.equal(await page.inputValue('#task-p_reward-1'), '0.2');
  assert.deepEqual(await page.evaluate(() => window.modulab.state.scenario.task.p_reward), [0.8, 0.2]);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await page.evaluate(() => window.modulab.runner.id), id, 'no run started');
  // The seeds too: emptied, the field shows the engine's default, which runs.
  await rerun(page, async () => {
    await page.fill('#seeds', '3');
    await page.press('#seeds', 'Tab');
  });
  await rerun(page, async () => {
    await page.fill('#seeds', '');
    await page.press('#seeds', 'Tab');
  });
  const seeds = await page.inputValue('#seeds');
  assert.match(seeds, /^[1-9][0-9]*$/, `the seeds field shows a number, got "${seeds}"`);
  assert.match(await page.textContent('#status'), new RegExp(`× ${seeds} seed`));
  assert.equal(await page.evaluate(() => window.modulab.state.scenario.seeds), undefined, 'left out of the scenario');
  assert.deepEqual(problems, []);
  await page.close();
});

test('pause stops a long run, step advances one trial, resume finishes it', async () => {
  const { page, problems } = await env.open();
  await page.fill('#task-trials', '5000');
  await page.press('#task-trials', 'Tab');
  await page.fill('#seeds', '50');
  await page.press('#seeds', 'Tab');
  await page.selectOption('#speed', 'medium');
  const t0 = Date.now();
  await page.click('#run');
  await page.waitForSelector('body[data-state="running"]');
  await page.waitForTimeout(1000);
  await page.click('#pause');
  await page.waitForFunction(() => /^Paused at trial \d+/.test(document.getElementById('status').textContent));
  const at = Number((await page.textContent('#status')).match(/trial (\d+)/)[1]);
  await page.waitForTimeout(1500);
  assert.match(await page.textContent('#status'), new RegExp(`^Paused at trial ${at} `), 'nothing runs while paused');
  assert.equal(await page.textContent('#run'), 'Resume');
  await page.click('#step');
  await page.waitForFunction((at) => document.getElementById('status').textContent.startsWith(`Paused at trial ${at + 1} `), at);
  await page.selectOption('#speed', 'fast');
  await page.click('#run');
  await waitDone(page, 60000);
  // The time the run took counts the second before the pause and leaves
  // out the 1.5 s it was paused.
  const total = (Date.now() - t0) / 1000;
  const ran = Number((await page.textContent('#status')).match(/ in ([\d.]+) s\./)[1]);
  assert.ok(ran >= 0.95 && ran <= total - 1.4, `ran ${ran} s of ${total} s`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('hovering a chart asks the engine for the values at that trial', async () => {
  const { page, problems } = await env.open();
  const box = await page.locator('#chart-0').boundingBox();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await page.waitForFunction(() => /^Trial \d+: control /.test(document.getElementById('chart-0-readout').textContent));
  const trial = Number((await page.textContent('#chart-0-readout')).match(/^Trial (\d+)/)[1]);
  assert.ok(trial > 100 && trial < 200, `trial under the middle of the plot: ${trial}`);
  // The keyboard does the same: focus the chart; ← starts from the last
  // point shown (trial 300, one percent back: 297), Alt+← moves one trial,
  // End goes to the last trial.
  await page.focus('#chart-1');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => /^Trial 297: control /.test(document.getElementById('chart-1-readout').textContent));
  await page.keyboard.press('Alt+ArrowLeft');
  await page.waitForFunction(() => /^Trial 296: control /.test(document.getElementById('chart-1-readout').textContent));
  await page.keyboard.press('End');
  await page.waitForFunction(() => /^Trial 300: control /.test(document.getElementById('chart-1-readout').textContent));
  // A screen reader hears the keyboard's moves (a polite live region, the
  // readout's text), and nothing from hovering.
  const live = (id) => page.$eval(`#${id}-readout`, (r) => [r.nextElementSibling.getAttribute('aria-live'), r.nextElementSibling.textContent]);
  const [politeness, said] = await live('chart-1');
  assert.equal(politeness, 'polite');
  assert.match(said, /^Trial 300: control /);
  assert.equal((await live('chart-0'))[1], '', 'hovering is not announced');
  await page.keyboard.press('ArrowLeft');
  assert.match((await live('chart-1'))[1], /^Trial 29\d: control /);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the chart metric, smoothing and band come from the engine', async () => {
  const { page, problems } = await env.open();
  const options = await page.locator('#chart-0-metric option').evaluateAll((os) => os.map((o) => o.value));
  const metrics = await page.evaluate(() => window.modulab.runner.experiment.metrics());
  assert.deepEqual([...options].sort(), [...metrics].sort(), 'every recorded series can be charted');
  await page.selectOption('#chart-0-metric', 'reward');
  await page.selectOption('#band', 'ci95');
  await page.waitForFunction(() => /95 % CI/.test(document.getElementById('chart-0-readout').textContent));
  assert.match(await waitText(page, '#chart-0', /^Chart of reward per trial/, { attr: 'aria-label' }), /^Chart of reward per trial/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the page follows a dark colour scheme, charts too', async () => {
  const page = await env.context.newPage();
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await page.goto(env.server.url);
  await waitDone(page);
  const ink = await waitInk(page, '#chart-0');
  assert.ok(ink.bg.every((v) => v < 60), `dark chart background ${ink.bg}`);
  const bodyBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bodyBg, 'rgb(24, 26, 32)');
  await page.close();
});

test('on a phone-sized screen the page is one column and works by keyboard', async () => {
  const { page, problems } = await env.open('', { viewport: { width: 390, height: 800 } });
  const cols = await page.evaluate(() => getComputedStyle(document.querySelector('main')).gridTemplateColumns.split(' ').length);
  assert.equal(cols, 1);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling (${overflow} px)`);
  // Keyboard alone: focus Reset, press Enter, then Run with Space.
  await page.focus('#reset');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Reset'));
  await page.focus('#run');
  await page.keyboard.press('Space');
  await waitDone(page);
  // Every form control has an accessible name.
  const unnamed = await page.evaluate(() => [...document.querySelectorAll('input, select, button, canvas')].filter((e) => {
    if (e.closest('[hidden]')) return false;
    const byLabel = e.labels && e.labels.length > 0;
    return !(byLabel || e.getAttribute('aria-label') || (e.tagName === 'BUTTON' && e.textContent.trim()));
  }).map((e) => e.id || e.outerHTML.slice(0, 60)));
  assert.deepEqual(unnamed, []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('every preset runs from the picker; timed tasks add the within-trial dopamine heat map', async () => {
  const { page, problems } = await env.open();
  const files = await page.locator('#scenario option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  assert.ok(files.length >= 1);
  assert.ok(await page.locator('#scenario optgroup').count() >= 1, 'grouped by theme');
  assert.equal(await page.isHidden('#heat-panel'), true, 'no heat map for the bandit');
  let timed = 0;
  for (const file of files) {
    await rerun(page, () => page.selectOption('#scenario', file), 60000);
    assert.equal(await page.isHidden('#error'), true, `${file}: ${await page.textContent('#error')}`);
    assert.match(await waitText(page, '#status', /^Done: /), /^Done: /, file);
    // A preset that names its first charts (scenarios.json) opens on them:
    // each a metric its task records.
    const want = await page.evaluate(async (file) => (await (await fetch('scenarios.json')).json()).scenarios.find((s) => s.file === file).charts, file);
    if (want) assert.deepEqual(await page.evaluate((n) => [...Array(n).keys()].map((i) => document.getElementById(`chart-${i}-metric`).value), want.length), want, file);
    if (await page.isVisible('#heat-panel')) {
      timed++;
      const ink = await waitInk(page, '#chart-heat');
      assert.ok(ink.n > 5000, `${file}: heat map drawn (${ink.n})`);
    }
  }
  if (files.includes('conditioning.json')) assert.ok(timed >= 1, 'conditioning shows a heat map');
  // The heat map has no values to read by keyboard: no Tab stop.
  assert.equal(await page.$eval('#chart-heat', (c) => c.tabIndex), -1);
  // A Pavlovian preset opens on the dopamine at the cue and at the reward
  // (scenarios.json), not on choice charts that stay flat without choices.
  await rerun(page, () => page.selectOption('#scenario', 'conditioning.json'), 60000);
  assert.deepEqual(await page.evaluate(() => window.modulab.state.view.charts.slice(0, 2)), ['dopamine_cs', 'dopamine_us']);
  assert.equal(await page.inputValue('#chart-0-metric'), 'dopamine_cs');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a field its mode or switch leaves unread is hidden, and turning the mode off resets it and says so', async () => {
  const { page: first } = await env.open();
  const hash = await encode(first, { scenario: { task: { kind: 'bandit', trials: 60, payoff: 'gaussian', sd: 0.5 }, seeds: 2 }, view: {} });
  await first.close();
  const { page, problems } = await env.open(`#${hash}`);
  const hidden = (id) => page.$eval(id, (e) => e.closest('.field').hidden);
  assert.equal(await hidden('#task-sd'), false, 'the SD of Gaussian payoffs is shown');
  assert.equal(await page.inputValue('#task-sd'), '0.5');
  // Bernoulli payoffs read no SD: the engine would refuse 0.5, so the page
  // resets it, hides it and says so.
  await page.selectOption('#task-payoff', 'bernoulli');
  const status = await waitText(page, '#status', /task\.sd: not read with this setting/);
  assert.match(status, /reset to the default/);
  assert.equal(await page.evaluate(() => window.modulab.state.scenario.task.sd), undefined);
  assert.equal(await hidden('#task-sd'), true, 'hidden with Bernoulli payoffs');
  await waitDone(page);
  assert.equal(await page.isHidden('#error'), true, await page.textContent('#error'));
  await page.selectOption('#task-payoff', 'gaussian');
  assert.equal(await hidden('#task-sd'), false, 'shown again');
  assert.equal(await page.inputValue('#task-sd'), '0.3', 'at its default');
  // The model's switches: consolidation's settings show only with it on,
  // and the chain's only for the chain.
  await page.evaluate(() => { document.getElementById('model-box').open = true; });
  assert.equal(await hidden('#model-consolidation-kind'), true, 'consolidation off: its kind hidden');
  await page.check('#model-consolidation-enabled');
  assert.equal(await hidden('#model-consolidation-kind'), false);
  assert.equal(await hidden('#model-consolidation-chain_levels'), true, 'fast_slow reads no chain');
  await page.selectOption('#model-consolidation-kind', 'chain');
  assert.equal(await hidden('#model-consolidation-chain_levels'), false);
  await page.fill('#model-consolidation-chain_levels', '4');
  await page.locator('#model-consolidation-chain_levels').dispatchEvent('change');
  assert.equal(await page.evaluate(() => window.modulab.state.scenario.model.consolidation.chain_levels), 4);
  await page.uncheck('#model-consolidation-enabled');
  const off = await waitText(page, '#status', /model\.consolidation\.kind, model\.consolidation\.chain_levels: not read/);
  assert.match(off, /reset to the default/);
  assert.equal(await page.evaluate(() => window.modulab.state.scenario.model?.consolidation), undefined);
  assert.equal(await hidden('#model-consolidation-chain_levels'), true);
  await waitDone(page);
  assert.equal(await page.isHidden('#error'), true, await page.textContent('#error'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('a model setting its task does not read is hidden there, and a change of task or of feedback resets it and says so', async () => {
  const { page: first } = await env.open();
  const hash = await encode(first, { scenario: { task: { kind: 'volatile', stable_trials: 40, volatile_trials: 40 }, seeds: 2, model: { counterfactual: false } }, view: {} });
  await first.close();
  const { page, problems } = await env.open(`#${hash}`);
  await page.evaluate(() => { document.getElementById('model-box').open = true; });
  const hidden = (id) => page.$eval(id, (e) => e.closest('.field').hidden);
  assert.equal(await hidden('#model-counterfactual'), false, 'volatile with full feedback reveals the unchosen outcome');
  assert.equal(await page.isChecked('#model-counterfactual'), false);
  assert.equal(await hidden('#model-trace_decay'), true, 'one step per trial: no trace to decay');
  assert.equal(await hidden('#model-actor'), false, 'two options: an actor chooses');
  // Without full feedback nothing is revealed: the engine would refuse the
  // setting, so the page resets it, hides it and says so.
  await page.uncheck('#task-full_feedback');
  const status = await waitText(page, '#status', /model\.counterfactual: not read/);
  assert.match(status, /reset to the default/);
  assert.equal(await page.evaluate(() => window.modulab.state.scenario.model?.counterfactual), undefined);
  assert.equal(await hidden('#model-counterfactual'), true);
  await waitDone(page);
  assert.equal(await page.isHidden('#error'), true, await page.textContent('#error'));
  // Trials of two steps read λ; a single option reads no actor.
  await page.selectOption('#task-kind', 'two_step');
  assert.equal(await hidden('#model-trace_decay'), false);
  await page.selectOption('#task-kind', 'conditioning');
  assert.equal(await hidden('#model-actor'), true, 'one option: nothing to choose');
  assert.equal(await hidden('#model-model_based_weight'), true);
  assert.equal(await hidden('#model-learning_rate'), false);
  await waitDone(page);
  assert.equal(await page.isHidden('#error'), true, await page.textContent('#error'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('a link with a setting its task does not read (made by an earlier version) opens without it and names it', async () => {
  const { page: first } = await env.open();
  const hash = await encode(first, { scenario: { task: { kind: 'bandit', trials: 60 }, seeds: 2, model: { trace_decay: 0.5 } }, view: {} });
  await first.close();
  const { page, problems } = await env.open(`#${hash}`);
  const status = await waitText(page, '#status', /^Done: .*model\.trace_decay: not read by this task/);
  assert.match(status, /so left out/);
  assert.equal(await page.evaluate(() => window.modulab.state.scenario.model?.trace_decay), undefined);
  assert.equal(await page.isHidden('#error'), true, await page.textContent('#error'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('switching to a spiking task removes the condition fields and the model it does not read, and says so', async () => {
  const { page: first } = await env.open();
  const hash = await encode(first, { scenario: { task: { kind: 'reversal', trials: 60 }, seeds: 2, model: { learning_rate: 0.2 }, conditions: [
    { label: 'control' },
    { label: 'local', acetylcholine: { gain: 2 }, dopamine: { gain: 0.5 }, regions: { dorsal_striatum: { drugs: ['haloperidol'] } } },
  ] }, view: {} });
  await first.close();
  const { page, problems } = await env.open(`#${hash}`);
  await page.selectOption('#task-kind', 'distal_reward');
  // The note stays once the page has decided whether to run (350 ms on).
  const status = await waitText(page, '#status', /press Run to see them.*does not read/);
  assert.match(status, /conditions\[1\]\.acetylcholine\.gain/);
  assert.match(status, /conditions\[1\]\.regions/);
  assert.match(status, /model\.learning_rate/);
  assert.doesNotMatch(status, /dopamine\.gain/, 'the spiking network reads dopamine.gain');
  // The rate circuit's model is not offered for a spiking task.
  assert.equal(await page.isHidden('#model-box'), true, 'model box hidden');
  assert.equal(await page.evaluate(() => window.modulab.state.scenario.model?.learning_rate), undefined);
  const kept = await page.evaluate(() => window.modulab.state.scenario.conditions[1]);
  assert.deepEqual(kept, { label: 'local', dopamine: { gain: 0.5 } });
  assert.equal(await page.isHidden('#error'), true, await page.textContent('#error'));
  // Back on a rate task, the model is offered again.
  await page.selectOption('#task-kind', 'reversal');
  assert.equal(await page.isVisible('#model-box'), true, 'model box shown');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a run of earlier settings stops when the settings change to ones that wait for Run', async () => {
  const { page, problems } = await env.open();
  // Large enough to wait for Run, and to be still running when edited.
  await page.fill('#task-trials', '1000000');
  await page.press('#task-trials', 'Tab');
  await waitText(page, '#status', /press Run to see them/);
  await page.click('#run');
  await page.waitForFunction(() => window.modulab.runner.state === 'running', null, { timeout: 20000 });
  await page.fill('#seeds', '19');
  await page.press('#seeds', 'Tab');
  await waitText(page, '#status', /press Run to see them/);
  assert.equal(await page.evaluate(() => window.modulab.runner.state), 'idle', 'the earlier run stopped');
  await new Promise((r) => setTimeout(r, 1000));
  assert.match(await page.textContent('#status'), /press Run to see them/, 'no "Done" of the earlier run');
  assert.equal(await page.textContent('#run'), 'Run');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a spiking task on the main page is described in bins of model time, not trials', async () => {
  const { page: first } = await env.open();
  const hash = await encode(first, { scenario: { task: { kind: 'distal_reward', duration_s: 2 }, seeds: 1 }, view: {} });
  await first.close();
  const { page, problems } = await env.open(`#${hash}`);
  assert.match(await waitText(page, '#status', /^Done: /), /× 1 seed\(s\) × 2 bins, in a background worker/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('picking a spiking task of many seeds waits for Run: the engine counts its work, not its bins', async () => {
  const { page, problems } = await env.open();
  await waitDone(page);
  const id = await page.evaluate(() => window.modulab.runner.id);
  // The default scenario has 20 seeds: the distal-reward task's 1,200 bins
  // each would take hours here, though they are fewer than its trials.
  await page.selectOption('#task-kind', 'distal_reward');
  await waitText(page, '#status', /press Run to see them/);
  assert.equal(await page.evaluate(() => window.modulab.runner.id), id, 'no run started');
  // Back to a small rate task: it runs by itself again.
  await rerun(page, () => page.selectOption('#task-kind', 'reversal'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('the skip link moves to the charts and keeps the scenario and its link, on both pages', async () => {
  const { page: first } = await env.open();
  const hash = await encode(first, { scenario: { task: { kind: 'reversal', trials: 60 }, seeds: 3, conditions: [{ label: 'kept' }] }, view: {} });
  await first.close();
  const { page, problems } = await env.open(`#${hash}`);
  const digest = await page.evaluate(() => window.modulab.runner.experiment.digest());
  const id = await page.evaluate(() => window.modulab.runner.id);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to the charts');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500);
  assert.equal(await page.isHidden('#error'), true, await page.textContent('#error'));
  assert.equal(await page.evaluate(() => window.modulab.runner.id), id, 'no new run');
  assert.equal(await page.evaluate(() => window.modulab.runner.experiment.digest()), digest);
  assert.equal(await page.inputValue('#c0-label'), 'kept');
  assert.match(page.url(), /#v1\./, 'the address keeps the state link');
  // Opened with the anchor itself (a bookmark of #figure): the page starts
  // as without a hash, with no error.
  const { page: anchored } = await env.open('#figure');
  assert.equal(await anchored.isHidden('#error'), true, await anchored.textContent('#error'));
  await anchored.close();
  // The spiking page's skip link likewise.
  const { page: spiking } = await env.open('spiking.html');
  await spiking.waitForSelector('body[data-state="done"]', { timeout: 60000 });
  await spiking.fill('#title', 'mine');
  await spiking.dispatchEvent('#title', 'change');
  await spiking.waitForFunction(() => /^#v1\./.test(location.hash) && window.modulab.state.scenario.name === 'mine');
  await spiking.focus('.skip');
  await spiking.keyboard.press('Enter');
  await spiking.waitForTimeout(500);
  assert.equal(await spiking.isHidden('#error'), true, await spiking.textContent('#error'));
  assert.equal(await spiking.inputValue('#title'), 'mine');
  assert.deepEqual(problems, []);
  await page.close();
  await spiking.close();
});

test('on a phone, a tap on a chart reads the trial under the finger, and the value stays', async () => {
  const context = await launch({ phone: true });
  try {
    const page = await context.newPage();
    const problems = watch(page, env.origin);
    await page.goto(env.server.url);
    await waitDone(page);
    await page.locator('#chart-0').scrollIntoViewIfNeeded();
    const box = await page.locator('#chart-0').boundingBox();
    await page.touchscreen.tap(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await page.waitForFunction(() => /^Trial \d+: control /.test(document.getElementById('chart-0-readout').textContent));
    const trial = Number((await page.textContent('#chart-0-readout')).match(/^Trial (\d+)/)[1]);
    assert.ok(trial > 50 && trial < 250, `the trial under the middle of the plot: ${trial}`);
    await page.waitForTimeout(300);
    assert.match(await page.textContent('#chart-0-readout'), new RegExp(`^Trial ${trial}: `), 'kept after the finger lifts');
    assert.equal(await page.$eval('#chart-0', (c) => getComputedStyle(c).touchAction), 'pan-y');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
