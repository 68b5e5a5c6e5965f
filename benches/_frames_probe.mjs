import { readFile, writeFile } from 'node:fs/promises';
import { serve, WWW } from '../tests/page/server.mjs';
import { launch } from '../tests/page/browser.mjs';
const server = await serve();
const context = await launch();
const page = await context.newPage();
await page.goto(server.url);
if (process.env.NOPREVIEW) await page.evaluate(() => { window.NOPREVIEW = true; });
await page.waitForSelector('body[data-state="done"]', { timeout: 30000 });
const task = { ...JSON.parse(await readFile(`${WWW}scenarios/reversal.json`, 'utf8')).task };
const conditions = [
  { label: 'control' }, { label: 'dopamine halved', dopamine: { gain: 0.5 } },
  { label: 'haloperidol', drugs: ['haloperidol'] }, { label: 'L-DOPA', drugs: ['l_dopa'] },
];
const cdp = await context.newCDPSession(page);
if (process.env.HIDE) await page.evaluate((sel) => document.querySelectorAll(sel).forEach((e) => { e.style.display = "none"; }), process.env.HIDE);
const tids0 = () => true;
const trials = +(process.argv[2] || 20000);
for (let i = 0; i < 2; i++) {
  const scenario = { name: `batch ${i}`, task: { ...task, trials }, conditions, seeds: 50, first_seed: i };
  const hash = await page.evaluate(async (s) => (await import('/state.js')).encodeState({ scenario: s, view: {} }), scenario);
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 200 }); await cdp.send('Profiler.start');
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,cc,viz,gpu,disabled-by-default-devtools.timeline,v8.execute,blink.user_timing', transferMode: 'ReportEvents' });
  const r = await page.evaluate(async (hash) => {
    const m = window.modulab;
    let max = 0, last = 0, frames = true, runStart = Infinity; const id = m.runner.id; const gaps = [];
    const tick = (t) => {
      if (m.runner.id > id && runStart === Infinity) runStart = performance.now();
      if (runStart !== Infinity && last) { max = Math.max(max, t - last); if (t - last > 30) gaps.push([last, t]); }
      if (runStart !== Infinity) last = t;
      if (frames) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    location.hash = hash;
    await new Promise((resolve) => { const poll = () => (m.runner.id > id && document.body.dataset.state === 'done' ? resolve() : setTimeout(poll, 2)); poll(); });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    frames = false;
    return { max, gaps, origin: performance.timeOrigin };
  }, `#${hash}`);
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Tracing.end');
  await done;
  const commits = events.filter((e) => e.name === 'Commit' && e.ph === 'X' && tids0(e) ).map((e) => e.dur / 1000).sort((a, b) => a - b);
  console.log('commits n', commits.length, 'median', commits[commits.length >> 1]?.toFixed(1), 'p90', commits[Math.floor(commits.length * 0.9)]?.toFixed(1), 'max', commits.at(-1)?.toFixed(1));
  console.log('max frame', r.max.toFixed(1), 'gaps', JSON.stringify(r.gaps.map(g => g.map(x => x.toFixed(0)))));
  // Main-thread top-level tasks over 20 ms, with their children by total duration.
  const tids = {};
  for (const e of events) if (e.name === 'thread_name') tids[`${e.pid}:${e.tid}`] = e.args.name;
  if (process.env.PAINTS) {
    const paints = events.filter((e) => e.name === 'Paint' && e.ph === 'X').slice(100, 112);
    for (const e of paints) console.log('PAINT', (e.dur/1000).toFixed(1), JSON.stringify(e.args.data));
    const agg = {};
    for (const e of events) if (e.ph === 'X' && e.dur) { const th = tids[`${e.pid}:${e.tid}`] || e.tid; if (th === 'CrRendererMain') continue; const k = th + ' ' + e.name; agg[k] = (agg[k] || 0) + e.dur / 1000; }
    console.log(Object.entries(agg).sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(0)} ms ${k}`).join('\n'));
  }
  const main = events.filter((e) => e.name === 'RunTask' && e.dur > 20000 && e.ph === 'X');
  for (const t of main) {
    const th = tids[`${t.pid}:${t.tid}`];
    if (th !== 'CrRendererMain') continue;
    if (t.dur > 60000) {
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      const parent = new Map(); for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
      let ts = profile.startTime; const agg = {};
      profile.samples.forEach((id, i) => { ts += profile.timeDeltas[i]; if (ts >= t.ts && ts < t.ts + t.dur) {
        const path = []; let n = id; while (n && path.length < 8) { const f = byId.get(n).callFrame; path.push(`${f.functionName || '?'}@${f.url.split('/').pop()}:${f.lineNumber}`); n = parent.get(n); }
        const k = path.join(' < '); agg[k] = (agg[k] || 0) + 1; } });
      console.log('PROFILE of long task', Object.entries(agg).sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${v}: ${k}`).join('\n'));
    }
    const kids = events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.ts >= t.ts && e.ts < t.ts + t.dur && e.ph === 'X' && e !== t && e.dur > 2000);
    if (process.env.COMMITS) {
      const commit = kids.find((k) => k.name === 'Commit' && k.dur > 20000);
      if (commit) {
        const over = events.filter((e) => e.ph === 'X' && e.dur > 1000 && e.ts < commit.ts + commit.dur && e.ts + e.dur > commit.ts && tids[`${e.pid}:${e.tid}`] !== 'CrRendererMain' && !/Worker thread/.test(tids[`${e.pid}:${e.tid}`] || ''));
        console.log('COMMIT', (commit.dur / 1000).toFixed(1), over.map((e) => `${tids[`${e.pid}:${e.tid}`]}:${e.name} ${(e.dur / 1000).toFixed(1)}`).join(', '));
      }
    }
    console.log(`task ${(t.dur / 1000).toFixed(1)} ms:`, kids.map((k) => `${k.name}${k.args?.data?.functionName ? '(' + k.args.data.functionName + ')' : ''}${k.args?.data?.url ? '[' + k.args.data.url.split('/').pop() + ':' + k.args.data.lineNumber + ']' : ''} ${(k.dur / 1000).toFixed(1)}`).join(', '));
  }
}
await context.close();
await server.close();
