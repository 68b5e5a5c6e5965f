// `make bench`, spiking network in wasm: the page's own build (www/pkg) run
// in Node, timing the same workload as benches/spiking.rs.
//   node benches/spiking_wasm.mjs [T model seconds = 10] [D max delay = 1] [repeats = 3] [neurons = 1000] [--json]
// CPU time is process.cpuUsage() (the whole process; the compiler threads are
// idle after the warm-up). With --json it prints one JSON line per timing (benches/spiking.rs reads it
// to interleave wasm with native and the peers).
import { readFile } from 'node:fs/promises';
import init, { Experiment } from '../www/pkg/modulab.js';

const args = process.argv.slice(2).filter((a) => a !== '--json');
const json = process.argv.includes('--json');
const [T = 10, D = 1, repeats = 3, N = 1000] = args.map(Number);

const wasm = await init({ module_or_path: await readFile(new URL('../www/pkg/modulab_bg.wasm', import.meta.url)) });
const wasmMemory = () => wasm.memory?.buffer?.byteLength ?? NaN;

function once(t) {
  const exp = new Experiment({ task: { kind: 'distal_reward', duration_s: t, max_delay_ms: D, neurons: N }, seeds: 1 });
  exp.build();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  // One bin (1 model s) per call, in chunks as the page steps it; a single
  // call for the whole run would keep V8's first-tier code (Liftoff) for
  // all of it, since wasm code tiers up between calls, not inside one.
  while (!exp.done) exp.step(1);
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1000;
  // The wasm instance's memory after the run (it only grows).
  const memory = wasmMemory();
  const rate = (exp.series(0, 0, 'rate_exc').reduce((a, b) => a + b, 0) * 0.8 +
    exp.series(0, 0, 'rate_inh').reduce((a, b) => a + b, 0) * 0.2) / t;
  exp.free();
  return { ms_per_model_s: ms / t, cpu_ms_per_model_s: cpu / t, rate_hz: rate, wasm_memory_bytes: memory };
}

// Warm-up: V8 compiles the hot code with TurboFan in the background; give
// it 1.5 s of wall time (a fixed number of model seconds is over in a few
// milliseconds now, before the optimised code is in).
for (const w0 = performance.now(); performance.now() - w0 < 1500;) once(3);
const times = [];
const cpus = [];
for (let i = 0; i < repeats; i++) {
  const r = once(T);
  times.push(r.ms_per_model_s);
  cpus.push(r.cpu_ms_per_model_s);
  if (json) console.log(JSON.stringify({ peer: 'modulab-wasm', model_s: T, ...r }));
}
times.sort((a, b) => a - b);
cpus.sort((a, b) => a - b);
if (!json) {
  const m = times[Math.floor(times.length / 2)];
  const c = cpus[Math.floor(cpus.length / 2)];
  console.log(`wasm spiking (Node ${process.version}): ${m.toFixed(3)} ms per model second = ${(1000 / m).toFixed(0)} model s per wall s, CPU ${c.toFixed(3)} ms (median of ${repeats}; ${T} model s, D = ${D} ms, ${N} neurons; wasm memory ${(wasmMemory() / 1e6).toFixed(1)} MB)`);
}
