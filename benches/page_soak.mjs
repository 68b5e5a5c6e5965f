// `make soak`: the page over a long session, in headless Chromium (the
// system's, through playwright-core). Prints
//   - memory after one million trials in one run (2 seeds x 500,000 trials
//     of reversal): the page's JS heap, its wasm memory and the worker's;
//   - then, for SOAK_MINUTES (default 30), batch after batch of 4 conditions
//     x 50 seeds x 500 trials of reversal, each started through the URL as a
//     reader would, and once a minute the same memory figures (JS heap after
//     a forced garbage collection) and the batches' median time, so growth
//     or slowing shows as a trend.
// Wasm memory never shrinks, so a leak shows as steady growth; a plateau
// after the first batches is the allocator's working set.
import { readFile } from 'node:fs/promises';
import { serve, WWW } from '../tests/page/server.mjs';
import { launch } from '../tests/page/browser.mjs';

const minutes = Number(process.env.SOAK_MINUTES ?? 30);
const mb = (n) => `${(n / 1048576).toFixed(1)} MB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const server = await serve();
const context = await launch();
try {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await page.goto(server.url);
  await page.waitForSelector('body[data-state="done"]', { timeout: 30000 });
  const task = JSON.parse(await readFile(`${WWW}scenarios/reversal.json`, 'utf8')).task;

  async function memory() {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const pageWasm = await page.evaluate(async () => (await import('/pkg/modulab.js')).memoryBytes());
    const [worker] = page.workers();
    const workerWasm = worker ? await worker.evaluate(async () => (await import('./pkg/modulab.js')).memoryBytes()) : NaN;
    return { heap: usedSize, pageWasm, workerWasm };
  }
  const show = (m) => `JS heap ${mb(m.heap)}, page wasm ${mb(m.pageWasm)}, worker wasm ${mb(m.workerWasm)}`;

  // Runs a scenario through the page's URL state; resolves to its wall time.
  async function run(scenario) {
    const hash = await page.evaluate(async (s) => (await import('/state.js')).encodeState({ scenario: s, view: {} }), scenario);
    return page.evaluate(async (hash) => {
      const m = window.modulab;
      const id = m.runner.id;
      let t0 = performance.now();
      location.hash = hash;
      await new Promise((resolve, reject) => {
        const poll = () => {
          const status = document.getElementById('status').textContent;
          if (document.getElementById('error').hidden === false) reject(new Error(document.getElementById('error').textContent));
          else if (m.runner.id > id && document.body.dataset.state === 'done') resolve();
          else {
            // A link beyond the page's auto-run budget waits for Run, as a
            // user would press it: timed from the click.
            if (m.runner.id === id && /^Not started/.test(status)) { t0 = performance.now(); document.getElementById('run').click(); }
            setTimeout(poll, 5);
          }
        };
        poll();
      });
      return performance.now() - t0;
    }, `#${hash}`);
  }

  const before = await memory();
  console.log(`at start: ${show(before)}`);
  const long = await run({ name: 'one million trials', task: { ...task, trials: 500000 }, seeds: 2 });
  const afterLong = await memory();
  console.log(`1,000,000 trials in one run (2 seeds x 500,000, reversal) in ${(long / 1000).toFixed(1)} s: ${show(afterLong)}`);
  // `figure:` lines for docs/figures.md (tools/figures.mjs).
  const mbs = (n) => (n / 1048576).toFixed(1);
  console.log(`figure: soak.heap_after_1m = ${mbs(afterLong.heap)} MB | page JS heap after one run of 10^6 trials`);

  const conditions = [
    { label: 'control' }, { label: 'dopamine halved', dopamine: { gain: 0.5 } },
    { label: 'haloperidol', drugs: ['haloperidol'] }, { label: 'L-DOPA', drugs: ['l_dopa'] },
  ];
  console.log(`soak: ${minutes} min of batches (4 conditions x 50 seeds x 500 trials of reversal)`);
  const start = Date.now();
  let batches = 0;
  let times = [];
  let nextReport = start + 60000;
  let firstMedian = null;
  // The median of the last whole minute reported (the loop may end just
  // after a report, with no batch since).
  let lastMedian = null;
  while (Date.now() - start < minutes * 60000) {
    times.push(await run({ name: `soak ${batches}`, task: { ...task, trials: 500 }, conditions, seeds: 50, first_seed: batches % 1000 }));
    batches += 1;
    if (Date.now() >= nextReport) {
      const t = ((Date.now() - start) / 60000).toFixed(1);
      console.log(`  ${t.padStart(5)} min, ${String(batches).padStart(5)} batches: median batch ${median(times).toFixed(0)} ms; ${show(await memory())}`);
      firstMedian ??= median(times);
      lastMedian = median(times);
      times = [];
      nextReport += 60000;
    }
  }
  const end = await memory();
  console.log(`soak done: ${batches} batches (${(batches * 4 * 50 * 500 / 1e6).toFixed(0)} M trials) in ${minutes} min; ${show(end)}`);
  console.log(`figure: soak.heap_end = ${mbs(end.heap)} MB | page JS heap after ${minutes} min of batches (${batches} batches)`);
  console.log(`figure: soak.page_wasm_end = ${mbs(end.pageWasm)} MB | page wasm memory after ${minutes} min of batches`);
  console.log(`figure: soak.worker_wasm_end = ${mbs(end.workerWasm)} MB | worker wasm memory after ${minutes} min of batches`);
  if (firstMedian !== null && lastMedian !== null) {
    console.log(`figure: soak.batch_first_minute = ${firstMedian.toFixed(0)} ms | median batch in the soak's first minute`);
    console.log(`figure: soak.batch_last_minute = ${lastMedian.toFixed(0)} ms | median batch in the soak's last minute`);
  }
} finally {
  await context.close();
  await server.close();
}
