// The page's state in the URL, and the exports: a copied link reproduces the
// figure exactly; a bad or hostile link shows a message and the default
// scenario and runs nothing from it; CSV, JSON, scenario and PNG download,
// and a results file opens again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setup, waitDone, rerun, encode, waitText, chartsDrawn, pngText } from './helpers.mjs';

const env = setup();

const chartPixels = (page) => page.evaluate(() => document.getElementById('chart-0').toDataURL());

test('a copied link reproduces the figure exactly', async () => {
  const { page, problems } = await env.open();
  await rerun(page, async () => {
    await page.fill('#c1-dopamine-gain', '0.2');
    await page.press('#c1-dopamine-gain', 'Tab');
  });
  await page.selectOption('#chart-0-metric', 'reward');
  await page.fill('#window', '25');
  await page.dispatchEvent('#window', 'input');
  await page.selectOption('#band', 'ci95');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.origin });
  await page.click('#share');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Link copied'));
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(link, /#v1\.[A-Za-z0-9_-]+$/);
  assert.equal(link, page.url());
  await waitText(page, '#chart-0-readout', /95 % CI/);
  await chartsDrawn(page);
  const before = await chartPixels(page);
  const second = await env.context.newPage();
  await second.goto(link);
  await waitDone(second);
  await second.waitForFunction(() => /95 % CI/.test(document.getElementById('chart-0-readout').textContent));
  assert.equal(await second.inputValue('#c1-dopamine-gain'), '0.2');
  assert.equal(await second.inputValue('#chart-0-metric'), 'reward');
  assert.equal(await second.inputValue('#window'), '25');
  // The link carries the engine version and fingerprint: the same numbers.
  assert.equal(await second.getAttribute('#identity-note', 'data-identity'), 'identical');
  assert.match(await second.textContent('#identity-note'), /^This link: identical: made by ModuLab \S+ with model fingerprint [0-9a-f]{16}/);
  await second.waitForFunction((b) => document.getElementById('chart-0').toDataURL() === b, before, { timeout: 30000, polling: 100 }).catch(() => {});
  assert.equal(await chartPixels(second), before, 'the same pixels');
  assert.deepEqual(problems, []);
  await page.close();
  await second.close();
});

for (const [name, hash, expect] of [
  ['garbage', '#%3Cscript%3Ealert(1)%3C/script%3E', /not a ModuLab state/],
  ['undecodable data', '#v1.!!notbase64!!', /cannot be read|never has/],
  ['a deflate bomb-sized tag', `#v1.${'A'.repeat(70000)}`, /too long/],
]) {
  test(`a link with ${name} shows a message and the default scenario`, async () => {
    const { page, problems } = await env.open(hash);
    assert.match(await page.textContent('#error'), expect);
    assert.match(await page.textContent('#error'), /Showing the default scenario instead/);
    assert.match(await waitText(page, '#status', /^Done: Two-armed bandit, 80\/20/), /^Done: Two-armed bandit, 80\/20/);
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('a link that ended a sentence, with its full stop or bracket, opens as the link', async () => {
  const { page } = await env.open();
  const hash = await encode(page, { scenario: { name: 'pasted', task: { kind: 'bandit', trials: 40 }, seeds: 2 }, view: {} });
  await page.close();
  for (const tail of ['.', ').', '%29.']) {
    const { page: p, problems } = await env.open(`#${hash}${tail}`);
    assert.equal(await p.isHidden('#error'), true, `${tail}: ${await p.textContent('#error')}`);
    assert.equal(await p.evaluate(() => window.modulab.state.scenario.name), 'pasted', tail);
    assert.deepEqual(problems, []);
    await p.close();
  }
});

test('a link to a long run waits for Run instead of starting on opening', async () => {
  const { page } = await env.open();
  // 4 seeds × 100,000 trials: beyond the 300,000 trials the page runs by itself.
  const hash = await encode(page, { scenario: { name: 'long', task: { kind: 'bandit', trials: 100000 }, seeds: 4 }, view: {} });
  await page.close();
  const { page: p, problems } = await env.open(`#${hash}`, { done: false });
  const status = await waitText(p, '#status', /^Not started/);
  assert.match(status, /Press Run to start it/);
  assert.doesNotMatch(status, /these were re-run/, 'nothing has run yet');
  assert.equal(await p.evaluate(() => window.modulab.state.scenario.name), 'long');
  assert.equal(await p.evaluate(() => window.modulab.runner.experiment ?? null), null, 'no run was started');
  assert.equal(await p.isEnabled('#run'), true);
  // Run starts it (and Stop ends it: the test need not wait for 400,000 trials).
  await p.click('#run');
  assert.match(await waitText(p, '#status', /^(Starting|Running)/), /^(Starting|Running)/);
  assert.deepEqual(problems, []);
  await p.close();
});

test('a hostile but well-formed link runs no script and the engine refuses it', async () => {
  const { page } = await env.open();
  const evil = '<img src=x onerror="window.__pwned=1">';
  const bad = await encode(page, { scenario: { name: evil, task: { kind: 'bandit', p_reward: [2, 0.1] }, conditions: [{ label: evil }] }, view: { charts: [evil], window: '<b>' } });
  const ok = await encode(page, { scenario: { name: evil, task: { kind: 'bandit', trials: 50 }, conditions: [{ label: evil }], seeds: 2 }, view: { charts: ['<script>'] } });
  await page.close();
  const first = await env.open(`#${bad}`);
  assert.match(await first.page.textContent('#error'), /task\.p_reward\[0\]: must be within \[0, 1\], got 2/);
  assert.equal(await first.page.evaluate(() => window.__pwned), undefined);
  assert.equal(await first.page.locator('img').count(), 0);
  assert.deepEqual(first.problems, []);
  await first.page.close();
  // Valid, with markup in its labels: shown as text, never as HTML.
  const second = await env.open(`#${ok}`);
  assert.equal(await second.page.inputValue('#c0-label'), evil);
  assert.match(await waitText(second.page, '#chart-0-readout', /<img src=x onerror/), /<img src=x onerror/);
  assert.equal(await second.page.evaluate(() => window.__pwned), undefined);
  assert.equal(await second.page.locator('img').count(), 0);
  assert.equal(await second.page.inputValue('#chart-0-metric'), 'correct', 'an unknown metric falls back');
  assert.deepEqual(second.problems, []);
  await second.page.close();
});

test('CSV, results JSON, scenario and PNG download, and a results file opens again', async () => {
  const { page, problems } = await env.open();
  await rerun(page, async () => {
    await page.fill('#seeds', '3');
    await page.press('#seeds', 'Tab');
  });
  const save = async (selector) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
    return { name: d.suggestedFilename(), path: await d.path() };
  };
  const csv = await save('#csv');
  // An edited preset is titled "(edited)": the title names the files.
  assert.equal(await page.inputValue('#title'), 'Two-armed bandit, 80/20 (edited)');
  assert.equal(csv.name, 'two-armed-bandit-80-20-edited.csv');
  const id = await page.evaluate(() => window.modulab.runner.experiment.identity());
  assert.match(id.fingerprint, /^[0-9a-f]{16}$/);
  const all = (await readFile(csv.path, 'utf8')).trim().split('\n');
  assert.equal(all[0], `# ModuLab ${id.engine_version}, model fingerprint ${id.fingerprint} (the same fingerprint gives identical numbers)`);
  const lines = all.slice(1);
  assert.equal(lines[0], 'condition,seed,trial,metric,value');
  const metrics = await page.evaluate(() => window.modulab.runner.experiment.metrics());
  assert.equal(lines.length - 1, 2 * 3 * 300 * metrics.length, 'one row per condition, seed, trial and metric');
  // The view the runs are shown in goes into the results file.
  await page.selectOption('#chart-1-metric', 'reward');
  await page.fill('#window', '20');
  await page.dispatchEvent('#window', 'input');
  await page.selectOption('#band', 'ci95');
  const json = await save('#json');
  const doc = JSON.parse(await readFile(json.path, 'utf8'));
  assert.equal(doc.view.charts[1], 'reward');
  assert.equal(doc.view.window, 20);
  assert.equal(doc.view.band, 'ci95');
  assert.equal(doc.view.preset, '', 'a results file is no preset');
  assert.equal(doc.format, 'modulab-results');
  assert.equal(doc.complete, true);
  assert.equal(doc.runs.length, 6);
  assert.equal(doc.runs[0].series.correct.points.length, 300);
  assert.equal(doc.metrics.find((m) => m.name === 'correct').label, 'P(best choice)');
  assert.equal(doc.scenario.seeds, 3);
  assert.equal(doc.scenario.name, 'Two-armed bandit, 80/20 (edited)');
  assert.equal(doc.engine_version, id.engine_version);
  assert.equal(doc.fingerprint, id.fingerprint);
  const scenario = await save('#scenario-file');
  assert.equal(JSON.parse(await readFile(scenario.path, 'utf8')).task.kind, 'bandit');
  const png = await save('.chart button[aria-label="Download chart 1 as PNG"]');
  assert.match(png.name, /\.png$/);
  const bytes = await readFile(png.path);
  assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
  // The image names the engine, the model fingerprint and the title.
  const text = pngText(bytes);
  assert.equal(text.Software, `ModuLab ${id.engine_version}`);
  assert.equal(text.Comment, `model fingerprint ${id.fingerprint} (the same fingerprint gives identical numbers)`);
  assert.equal(text.Title, 'Two-armed bandit, 80/20 (edited)');
  // Open the results file in a fresh page: same scenario, same numbers.
  const other = await env.open();
  await rerun(other.page, () => other.page.setInputFiles('#open', json.path));
  assert.equal(await other.page.inputValue('#seeds'), '3');
  // Shown as the file says: the same charts, smoothing and band.
  assert.equal(await other.page.inputValue('#chart-1-metric'), 'reward');
  assert.equal(await other.page.inputValue('#window'), '20');
  assert.equal(await other.page.inputValue('#band'), 'ci95');
  const digest = await page.evaluate(() => window.modulab.runner.experiment.digest());
  assert.equal(await other.page.evaluate(() => window.modulab.runner.experiment.digest()), digest);
  // The file's fingerprint is this engine's: the page says its numbers are identical.
  assert.equal(await other.page.getAttribute('#identity-note', 'data-identity'), 'identical');
  assert.match(await other.page.textContent('#identity-note'), /^The results file .*: identical: made by ModuLab/);
  assert.ok(await other.page.isVisible('#identity-note'));
  // The same file with another fingerprint opens, and says its numbers may differ.
  const changed = join(await mkdtemp(join(tmpdir(), 'modulab-')), 'changed-results.json');
  await writeFile(changed, JSON.stringify({ ...doc, fingerprint: '0123456789abcdef' }));
  await rerun(other.page, () => other.page.setInputFiles('#open', changed));
  assert.equal(await other.page.getAttribute('#identity-note', 'data-identity'), 'differs');
  assert.match(await other.page.textContent('#identity-note'), /fingerprint 0123456789abcdef; this engine .* gives [0-9a-f]{16}: its numbers may differ/);
  assert.deepEqual(problems, []);
  assert.deepEqual(other.problems, []);
  await page.close();
  await other.page.close();
});

test('Download scenario saves the settings on the page, also before they have run', async () => {
  const { page, problems } = await env.open();
  const save = async () => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click('#scenario-file')]);
    return { name: d.suggestedFilename(), doc: JSON.parse(await readFile(await d.path(), 'utf8')) };
  };
  // Too big to re-run by itself: the page waits for Run, the run shown is the previous one.
  await page.fill('#title', 'Big one');
  await page.press('#title', 'Tab');
  await page.fill('#seeds', '5000');
  await page.press('#seeds', 'Tab');
  await waitText(page, '#status', /press Run to see them/);
  const big = await save();
  assert.equal(big.name, 'big-one.json');
  assert.equal(big.doc.seeds, 5000);
  assert.equal(big.doc.name, 'Big one');
  assert.equal(big.doc.task.trials, 300, 'every default filled in');
  // A scenario the engine refuses is not saved: the engine says why.
  await page.fill('#c1-label', '');
  await page.press('#c1-label', 'Tab');
  await page.click('#scenario-file');
  await waitText(page, '#error', /Download scenario: conditions\[1\]\.label: must have 1 to 60 characters/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a run cancelled mid-way exports every trial it ran, marked partial; a reload keeps the link and says results are re-run', async () => {
  const { page: first } = await env.open();
  // Slow speed (40 trials per second per run): the run is still going when exported.
  const hash = await encode(first, {
    scenario: { name: 'long', task: { kind: 'bandit', trials: 100000 }, conditions: [{ label: 'a' }, { label: 'b', dopamine: { gain: 0.5 } }], seeds: 2 },
    view: { speed: 'slow' },
  });
  await first.close();
  const { page, problems } = await env.open(`#${hash}`, { done: false });
  // 400,000 trials: beyond what a link starts by itself, so it waits for Run.
  await waitText(page, '#status', /^Not started/);
  await page.click('#run');
  await page.waitForFunction(() => window.modulab.runner.state === 'running' && window.modulab.runner.experiment?.trialsDone >= 10, null, { timeout: 20000 });
  const save = async (selector) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
    return { name: d.suggestedFilename(), path: await d.path() };
  };
  const csv = await save('#csv');
  assert.equal(await page.evaluate(() => window.modulab.runner.state), 'paused', 'exporting pauses the run');
  const done = await page.evaluate(() => window.modulab.runner.experiment.trialsDone);
  assert.equal(csv.name, `long-partial-${done}-of-100000.csv`);
  assert.match(await page.textContent('#status'), new RegExp(`partial run: trials 1–${done} of 100000`));
  const rows = (await readFile(csv.path, 'utf8')).trim().split('\n').slice(2).map((l) => l.split(','));
  const metrics = await page.evaluate(() => window.modulab.runner.experiment.metrics());
  assert.equal(rows.length, 2 * 2 * done * metrics.length, 'every trial of every run, every metric (not only the charted ones)');
  assert.ok(rows.every((r) => r[4] !== '' && Number.isFinite(Number(r[4]))), 'every value present and finite');
  const json = await save('#json');
  assert.equal(json.name, `long-partial-${done}-of-100000-results.json`);
  const doc = JSON.parse(await readFile(json.path, 'utf8'));
  assert.equal(doc.complete, false);
  assert.equal(doc.trials_done, done);
  assert.equal(doc.scenario.task.trials, 100000);
  for (const run of doc.runs) for (const m of metrics) assert.equal(run.series[m].points.length, done, `${run.condition} ${run.seed} ${m}`);
  // A reload keeps the scenario (the URL) and says the results are re-run.
  const url = page.url();
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  // The same state (the page may re-encode it, keys in another order).
  const read = (u) => page.evaluate(async (h) => { const { scenario, view } = await (await import('/state.js')).decodeState(h); return { scenario, view }; }, new URL(u).hash);
  assert.deepEqual(await read(page.url()), await read(url));
  assert.equal(await page.inputValue('#c1-label'), 'b');
  // Beyond the auto-run budget, the reload waits for Run and says so (not
  // that results were re-run).
  await page.waitForFunction(() => /^Not started.*Results are not stored in links: Run re-runs the link's scenario/.test(document.getElementById('status').textContent));
  assert.deepEqual(problems, []);
  await page.close();
});

test('hostile scenario files (markup, javascript: links, oversized values, not JSON, too big) run nothing and the page recovers', async () => {
  const { page, problems } = await env.open();
  const dir = await mkdtemp(join(tmpdir(), 'modulab-hostile-'));
  const file = async (name, content) => { const p = join(dir, name); await writeFile(p, content); return p; };
  const evil = '<script>window.__pwned=1</script><a href="javascript:window.__pwned=2">x</a>';
  // Refused files: a message naming the problem, the previous scenario stays and still runs.
  for (const [name, content, expect] of [
    ['huge-trials.json', JSON.stringify({ name: evil, task: { kind: 'bandit', trials: 1e15 } }), /task\.trials: must be a whole number within \[1, 10000000\]/],
    ['many-seeds.json', JSON.stringify({ task: { kind: 'bandit' }, seeds: 1e15 }), /seeds: must be a whole number within \[1, 10000\]/],
    ['not-json.json', '<html><script>window.__pwned=3</script></html>', /not-json\.json: .*JSON/],
    ['bad-utf8.json', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), /bad-utf8\.json: /],
    ['big.json', Buffer.alloc((1 << 24) + 10, 0x20), /larger than 16 MB/],
  ]) {
    await page.setInputFiles('#open', await file(name, content));
    await page.waitForFunction((n) => document.getElementById('error').textContent.includes(n), name, { timeout: 10000 }).catch(async () => { throw new Error(`${name}: ${await page.textContent('#error')}`); });
    assert.match(await page.textContent('#error'), expect, name);
    assert.equal(await page.inputValue('#task-kind'), 'bandit');
  }
  await rerun(page, () => page.click('#run'));
  // Accepted file with markup in its text: shown as text, nothing runs from it.
  const label = '<a href="javascript:window.__pwned=2">x</a>';
  const ok = await file('markup.json', JSON.stringify({ name: evil, task: { kind: 'bandit', trials: 40 }, conditions: [{ label }], seeds: 2 }));
  await rerun(page, () => page.setInputFiles('#open', ok));
  assert.equal(await page.inputValue('#c0-label'), label);
  assert.match(await waitText(page, '#chart-0-readout', /javascript:window/), /javascript:window/);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('script:not([src])').count(), 0);
  assert.equal(await page.locator('a[href^="javascript:"]').count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('every page forbids inline script and eval in its Content-Security-Policy (wasm only)', async () => {
  const { page } = await env.open('', { done: false });
  for (const path of ['index.html', 'embed.html', 'spiking.html', 'article.html']) {
    await page.goto(`${env.server.url}${path}`);
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/, path);
    assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|\*/, path);
    assert.match(csp, /object-src 'none'/, path);
  }
  await page.close();
});

test('a link without the engine\'s fingerprint says its numbers may differ; a title is carried in the link', async () => {
  const { page: first } = await env.open();
  const scenario = { name: 'My own title', task: { kind: 'bandit', trials: 60 }, seeds: 2 };
  const none = await encode(first, { scenario, view: {} });
  const other = await encode(first, { scenario, view: {}, engine: { engine_version: '0.0.1', fingerprint: 'ffffffffffffffff' } });
  await first.close();
  for (const [hash, status, text] of [
    [none, 'unknown', /^This link: it carries no model fingerprint .*: its numbers may differ/],
    [other, 'differs', /^This link: made by ModuLab 0\.0\.1 with model fingerprint ffffffffffffffff; this engine .*: its numbers may differ/],
  ]) {
    const { page, problems } = await env.open(`#${hash}`);
    assert.equal(await page.getAttribute('#identity-note', 'data-identity'), status);
    assert.match(await page.textContent('#identity-note'), text);
    assert.ok(await page.isVisible('#identity-note'));
    assert.equal(await page.inputValue('#title'), 'My own title');
    // Editing hides the note: it spoke of the link's numbers.
    await rerun(page, async () => { await page.fill('#seeds', '3'); await page.press('#seeds', 'Tab'); });
    assert.equal(await page.isVisible('#identity-note'), false);
    assert.equal(await page.inputValue('#title'), 'My own title', 'a non-preset keeps its title');
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('the title control: an edited preset is "(edited)", the reader\'s own title wins and travels in the link', async () => {
  const { page, problems } = await env.open();
  assert.equal(await page.inputValue('#title'), 'Two-armed bandit, 80/20');
  await rerun(page, async () => { await page.fill('#title', 'Dopamine halves learning'); await page.press('#title', 'Tab'); });
  assert.equal(await page.inputValue('#scenario'), '', 'a retitled preset is the reader\'s own settings');
  await rerun(page, async () => { await page.fill('#c1-dopamine-gain', '0.3'); await page.press('#c1-dopamine-gain', 'Tab'); });
  assert.equal(await page.inputValue('#title'), 'Dopamine halves learning', 'no "(edited)" after the reader\'s own title');
  assert.equal(await page.evaluate(() => window.modulab.runner.experiment.info().name), 'Dopamine halves learning');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.origin });
  await page.click('#share');
  await waitText(page, '#status', /^Link copied/);
  const link = await page.evaluate(() => navigator.clipboard.readText());
  const second = await env.open(link.slice(env.server.url.length));
  assert.equal(await second.page.inputValue('#title'), 'Dopamine halves learning');
  assert.equal(await second.page.getAttribute('#identity-note', 'data-identity'), 'identical');
  await second.page.close();
  // The link shown under the header follows later edits.
  await rerun(page, async () => { await page.fill('#seeds', '9'); await page.press('#seeds', 'Tab'); });
  await page.waitForFunction(() => document.getElementById('share-link').value === location.href && location.href !== '', null, { timeout: 10000 });
  const shown = await page.inputValue('#share-link');
  assert.notEqual(shown, link, 'not the link copied before the edit');
  const third = await env.open(shown.slice(env.server.url.length));
  assert.equal(await third.page.inputValue('#seeds'), '9');
  await third.page.close();
  assert.deepEqual(problems, []);
  await page.close();
});

test('the last edited scenario is kept in the browser and restored, unless the URL holds a state', async () => {
  const { page, problems } = await env.open();
  await rerun(page, async () => { await page.fill('#seeds', '7'); await page.press('#seeds', 'Tab'); });
  await page.waitForFunction(() => /"seeds":7/.test(localStorage.getItem('modulab.edited.v1') ?? ''), null, { timeout: 10000 }).catch(() => {});
  const kept = JSON.parse(await page.evaluate(() => localStorage.getItem('modulab.edited.v1')));
  assert.equal(kept.scenario.seeds, 7);
  assert.equal(kept.scenario.name, 'Two-armed bandit, 80/20 (edited)');
  assert.match(kept.engine.fingerprint, /^[0-9a-f]{16}$/);
  await page.close();
  // A new tab on the bare address: the edited scenario comes back.
  const again = await env.open('index.html', { keepEdits: true });
  assert.equal(await again.page.inputValue('#seeds'), '7');
  assert.equal(await again.page.inputValue('#title'), 'Two-armed bandit, 80/20 (edited)');
  assert.match(await waitText(again.page, '#status', /last edited/), /the scenario you last edited, kept in this browser/);
  await again.page.close();
  // A URL with a state wins over the browser's copy.
  const { page: p2 } = await env.open();
  const hash = await encode(p2, { scenario: { task: { kind: 'bandit', trials: 50 }, seeds: 2 }, view: {} });
  await p2.close();
  const linked = await env.open(`#${hash}`, { keepEdits: true });
  assert.equal(await linked.page.inputValue('#seeds'), '2');
  await linked.page.close();
  // Garbage in the browser's copy is dropped, and the default shown.
  // (A preset tab: it writes no edited scenario of its own over the garbage.)
  const bad = await env.open();
  await bad.page.evaluate(() => localStorage.setItem('modulab.edited.v1', '{"scenario": {"task": {"kind": "nope"}}}'));
  await bad.page.goto(`${env.server.url}index.html`);
  await waitDone(bad.page);
  assert.equal(await bad.page.inputValue('#scenario'), 'bandit.json');
  assert.equal(await bad.page.evaluate(() => localStorage.getItem('modulab.edited.v1')), null);
  await bad.page.close();
  assert.deepEqual(problems, []);
});

test('the browser\'s engine gives the fingerprint the native engine gives (pinned in tests/results.rs)', async () => {
  const { page } = await env.open('', { done: false });
  const id = await page.evaluate(async () => (await import('/pkg/modulab.js')).identity('{"task": {"kind": "bandit", "trials": 50}, "seeds": 2}'));
  assert.equal(id.fingerprint, 'eedc8fea27bf3c38');
  assert.match(id.engine_version, /^\d+\.\d+\.\d+/);
  await page.close();
});
