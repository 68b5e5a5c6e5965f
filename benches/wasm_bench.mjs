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
    const t0 = performance.now();
    while (!exp.done) exp.step(1e7);
    const secs = (performance.now() - t0) / 1000;
    rates.push((info.trials * info.seeds * info.conditions.length) / secs);
    digest = exp.digest();
    exp.free();
  }
  rates.sort((a, b) => a - b);
  return { rate: rates[Math.floor(rates.length / 2)], digest };
}

for (const [name, scenario] of [['bandit', BANDIT], ['reversal, full circuit', REVERSAL]]) {
  const { rate, digest } = trialsPerSecond(scenario, 5);
  console.log(`wasm ${name} (Node ${process.version}): ${(rate / 1e6).toFixed(2)} M trials/s (median of 5; 10 seeds x 100000 trials; digest ${digest})`);
  // benches/engine.rs prints the native figures of the same names.
  const key = name === 'bandit' ? 'bandit' : 'reversal';
  console.log(`figure: wasm.${key} = ${(rate / 1e6).toFixed(2)} M trials/s | ${name}, wasm in Node | >= 0.5 x native.${key}`);
}
