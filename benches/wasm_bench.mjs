// `make bench`, wasm half: the same workloads as benches/engine.rs, run in
// Node on the page's own wasm build (www/pkg), printed as figures.
import { readFile } from 'node:fs/promises';
import init, { Experiment } from '../www/pkg/modulab.js';

const BANDIT = {
  task: { kind: 'bandit', p_reward: [0.8, 0.2], trials: 100000 },
  seeds: 10, conditions: [{ label: 'control' }],
};

const REVERSAL = {
  task: { kind: 'reversal', trials: 100000 }, seeds: 10,
  model: { adaptive_learning_rate: true }, conditions: [{ label: 'control' }],
};

await init({ module_or_path: await readFile(new URL('../www/pkg/modulab_bg.wasm', import.meta.url)) });

function trialsPerSecond(scenario, repeats) {
  const rates = [];
  let digest = '';
  for (let i = 0; i < repeats; i++) {
    const exp = new Experiment(scenario);
    const info = exp.info();
    exp.build();
    const t0 = performance.now();
    while (!exp.done) exp.step(1e7);
    const secs = (performance.now() - t0) / 1000;
    rates.push((info.trials * info.seeds * info.conditions.length) / secs);
    digest = exp.digest();
    exp.free();
  }
  rates.sort((a, b) => a - b);
  // The best run, as benches/engine.rs reports native (deterministic work:
  // other load only slows it), with the median and the slowest beside it.
  return { rate: rates[rates.length - 1], median: rates[Math.floor(rates.length / 2)], slowest: rates[0], digest };
}

// `--once bandit|reversal`: the best of 3 timed runs after a warm-up, as JSON, for
// benches/engine.rs, which alternates it with native runs so that the
// wasm/native ratio is taken under the same load (this machine's speed
// drifts between runs minutes apart). The warm-up steps in many calls, since
// V8 moves wasm code to its optimising tier between calls, not inside one.
const once = process.argv.indexOf('--once');
if (once >= 0) {
  const scenario = process.argv[once + 1] === 'bandit' ? BANDIT : REVERSAL;
  for (const w0 = performance.now(); performance.now() - w0 < 1500;) {
    const warm = new Experiment({ ...scenario, seeds: 1 });
    while (!warm.done && performance.now() - w0 < 1500) warm.step(1000);
    warm.free();
  }
  const { rate, digest } = trialsPerSecond(scenario, 3);
  console.log(JSON.stringify({ rate, digest }));
  process.exit(0);
}

for (const [name, scenario] of [['bandit', BANDIT], ['reversal, full circuit', REVERSAL]]) {
  const { rate, median, slowest, digest } = trialsPerSecond(scenario, 9);
  console.log(`wasm ${name} (Node ${process.version}): ${(rate / 1e6).toFixed(2)} M trials/s (best of 9; median ${(median / 1e6).toFixed(2)}, slowest ${(slowest / 1e6).toFixed(2)}; 10 seeds x 100000 trials; digest ${digest})`);
  // benches/engine.rs prints the native figures of the same names.
  const key = name === 'bandit' ? 'bandit' : 'reversal';
  console.log(`figure: wasm.${key} = ${(rate / 1e6).toFixed(2)} M trials/s | ${name}, wasm in Node, best of 9 (median ${(median / 1e6).toFixed(2)}); its budget, half of native, is judged on wasm_over_native.${key}, measured in alternation with native`);
}
