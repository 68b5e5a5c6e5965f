// `make bench`, page half: drives the real page in headless Chromium (the
// system's, through playwright-core) and prints
//   - the size of everything the page downloads, raw and gzipped;
//   - the time from navigation to the first chart drawn (median of 5 cold loads);
//   - the time for 4 conditions × 50 seeds × 500 trials in the Web Worker
//     (reversal task when its preset exists, else the bandit), median of 5;
//   - the longest frame on the page while batches run in the worker;
//   - what the service worker stores for offline use, gzipped.
// Each as a `figure:` line too, which tools/figures.mjs writes to docs/figures.md.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { serve, WWW, DIST } from '../tests/page/server.mjs';
import { launch } from '../tests/page/browser.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const server = await serve();
const context = await launch();
try {
  // What the page downloads: every response of a load and its first run.
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const urls = new Set();
  page.on('response', (r) => { if (r.url().startsWith(server.url)) urls.add(new URL(r.url()).pathname); });
  context.on('serviceworker', () => {});
  await page.goto(server.url);
  await page.waitForSelector('body[data-state="done"]', { timeout: 30000 });
  await page.waitForTimeout(300);
  let raw = 0;
  let gz = 0;
  const rows = [];
  for (const path of [...urls].sort()) {
    const file = `${WWW}${path === '/' ? 'index.html' : path.slice(1)}`;
    if (!existsSync(file)) continue;
    const bytes = await readFile(file);
    const z = gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gz += z;
    rows.push(`    ${path.padEnd(28)} ${kb(bytes.length).padStart(10)} raw ${kb(z).padStart(10)} gzipped`);
  }
  console.log(`page download: ${kb(raw)} raw, ${kb(gz)} gzipped, ${rows.length} files (target <= 300 KB gzipped)`);
  console.log(rows.join('\n'));
  // The same files as `make dist` publishes them (scripts minified), if built.
  let distGz = 0;
  for (const path of urls) {
    const file = `${DIST}${path === '/' ? 'index.html' : path.slice(1)}`;
    if (existsSync(file)) distGz += gzipSync(await readFile(file), { level: 9 }).length;
  }
  const wasm = await readFile(`${WWW}pkg/modulab_bg.wasm`);
  const kib = (n) => (n / 1024).toFixed(1);
  console.log(`figure: page.download_gzipped = ${kib(gz)} KB | everything the page downloads (${rows.length} files) as make serve serves it, gzipped -9 | <= 300`);
  if (distGz) console.log(`figure: page.download_gzipped_dist = ${kib(distGz)} KB | the same files as make dist publishes them (scripts minified), gzipped -9 | <= 300`);
  console.log(`figure: page.wasm_gzipped = ${kib(gzipSync(wasm, { level: 9 }).length)} KB | of which the wasm (${kib(wasm.length)} KB raw)`);
  console.log(`figure: page.rest_gzipped = ${kib(gz - gzipSync(wasm, { level: 9 }).length)} KB | of which the other files (html, css, js, presets)`);
  // The service worker's first install fetches every file it keeps offline.
  const offline = (await readFile(`${WWW}pkg/offline-manifest.js`, 'utf8')).match(/"files": (\[[^\]]*\])/);
  if (offline) {
    let kept = 0;
    // Folder addresses (./, exercises/) are their index.html again.
    for (const f of JSON.parse(offline[1])) if (!f.endsWith('/')) kept += gzipSync(await readFile(`${WWW}${f}`), { level: 9 }).length;
    console.log(`figure: page.offline_copy_gzipped = ${kib(kept)} KB | what the service worker stores on a first visit (the whole site), gzipped`);
  }

  // Navigation to first chart, cold (cache disabled), median of 5.
  const firsts = [];
  for (let i = 0; i < 5; i++) {
    const p = await context.newPage();
    const s = await context.newCDPSession(p);
    await s.send('Network.setCacheDisabled', { cacheDisabled: true });
    await p.goto(server.url);
    await p.waitForSelector('body[data-first-chart="true"]', { timeout: 30000 });
    firsts.push(await p.evaluate(() => performance.getEntriesByName('modulab-first-chart')[0].startTime));
    await p.close();
  }
  console.log(`navigation to first chart: ${median(firsts).toFixed(0)} ms median of 5 cold loads (range ${Math.min(...firsts).toFixed(0)}–${Math.max(...firsts).toFixed(0)} ms; target <= 1000 ms)`);
  console.log(`figure: page.first_chart = ${median(firsts).toFixed(0)} ms | navigation to first chart, cold cache, median of 5 | <= 1000`);

  // The batch in the worker, driven through the page's own URL state.
  const reversal = existsSync(`${WWW}scenarios/reversal.json`);
  const task = reversal
    ? { ...JSON.parse(await readFile(`${WWW}scenarios/reversal.json`, 'utf8')).task, trials: 500 }
    : { kind: 'bandit', p_reward: [0.8, 0.2], trials: 500 };
  const conditions = [
    { label: 'control' }, { label: 'dopamine halved', dopamine: { gain: 0.5 } },
    { label: 'haloperidol', drugs: ['haloperidol'] }, { label: 'L-DOPA', drugs: ['l_dopa'] },
  ];
  async function batch(trials, repeats) {
    const times = [];
    let longest = 0;
    let longTask = 0;
    for (let i = 0; i < repeats; i++) {
      const scenario = { name: `batch ${i}`, task: { ...task, trials }, conditions, seeds: 50, first_seed: i };
      const hash = await page.evaluate(async (s) => (await import('/state.js')).encodeState({ scenario: s, view: {} }), scenario);
      const r = await page.evaluate(async (hash) => {
        const m = window.modulab;
        // Frames are measured from the moment the batch has started (after
        // the page has rebuilt its form for the new scenario) to the charts drawn.
        let max = 0;
        let last = 0;
        let frames = true;
        let runStart = Infinity;
        const id = m.runner.id;
        const tick = (t) => {
          if (m.runner.id > id && runStart === Infinity) runStart = performance.now();
          if (runStart !== Infinity && last) max = Math.max(max, t - last);
          if (runStart !== Infinity) last = t;
          if (frames) requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
        let lt = 0;
        const obs = new PerformanceObserver((l) => {
          for (const e of l.getEntries()) if (e.startTime >= runStart) lt = Math.max(lt, e.duration);
        });
        obs.observe({ type: 'longtask' });
        location.hash = hash;
        let t0 = performance.now();
        await new Promise((resolve) => {
          const poll = () => {
            if (m.runner.id > id && document.body.dataset.state === 'done') return resolve();
            // A link beyond the page's auto-run budget (the 4 M batch) waits
            // for Run, as a user would press it: timed from the click.
            if (m.runner.id === id && /^Not started/.test(document.getElementById('status').textContent)) {
              t0 = performance.now();
              document.getElementById('run').click();
            }
            setTimeout(poll, 2);
          };
          poll();
        });
        const ran = performance.now() - t0;
        // Let the charts draw, then stop measuring frames.
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        frames = false;
        obs.disconnect();
        return { ran, max, lt, status: document.getElementById('status').textContent };
      }, `#${hash}`);
      if (!/^Done: .*background worker/.test(r.status)) throw new Error(`batch did not run in the worker: ${r.status}`);
      times.push(r.ran);
      longest = Math.max(longest, r.max);
      longTask = Math.max(longTask, r.lt);
    }
    return { time: median(times), longest, longTask };
  }
  const small = await batch(500, 5);
  console.log(`worker batch, ${reversal ? 'reversal' : 'bandit (reversal preset not present)'} 4 conditions x 50 seeds x 500 trials: ${small.time.toFixed(0)} ms median of 5, from the URL change to the results on the page (target <= 1000 ms)`);
  const big = await batch(20000, 2);
  console.log(`worker batch, 4 x 50 x 20000 trials (4 M trials): ${big.time.toFixed(0)} ms median of 2`);
  console.log(`figure: page.batch = ${small.time.toFixed(0)} ms | 4 conditions x 50 seeds x 500 trials of reversal in the worker, URL change to results, median of 5 | <= 1000`);
  console.log(`figure: page.batch_4m = ${(big.time / 1000).toFixed(2)} s | 4 x 50 x 20,000 trials (4 M) in the worker, from Run (beyond the auto-run budget, a link of it waits for Run), median of 2`);
  console.log(`figure: page.longest_frame = ${Math.max(small.longest, big.longest).toFixed(0)} ms | longest frame on the page from a batch's start to its charts drawn (both batch sizes) | <= 50`);
  console.log(`longest frame while batches ran (from their start to the charts drawn): small ${small.longest.toFixed(1)} ms, 4 M trials ${big.longest.toFixed(1)} ms between animation frames; longest main-thread task ${Math.max(small.longTask, big.longTask).toFixed(1)} ms (target: no frame > 50 ms)`);
} finally {
  await context.close();
  await server.close();
}
