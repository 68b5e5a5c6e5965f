// The sandbox page: reads the controls into a scenario, lets the engine
// (wasm) validate and run it in chunks, and asks the engine to draw.
// No engine logic lives here.
import init, { Experiment } from './pkg/modulab.js';

const $ = (id) => document.getElementById(id);
const ui = {
  form: $('controls'), arms: $('arms'), probabilities: $('probabilities'), trials: $('trials'),
  gain: $('da-gain'), gainValue: $('da-gain-value'), seeds: $('seeds'), metric: $('metric'),
  window: $('window'), windowValue: $('window-value'), run: $('run'), pause: $('pause'),
  reset: $('reset'), csv: $('csv'), canvas: $('chart'), status: $('status'), error: $('error'),
};

// Time budget per animation frame for stepping the engine, in ms.
const FRAME_BUDGET_MS = 12;

let experiment = null;
let running = false;
let trialsPerFrame = 200;
let startedAt = 0;

function setStatus(text) { ui.status.textContent = text; }

function showError(message) {
  ui.error.textContent = message;
  ui.error.hidden = !message;
}

// Arm probability inputs, generated from the arm count.
function renderArms(probabilities) {
  const n = Math.max(2, Math.min(10, Math.round(Number(ui.arms.value) || 2)));
  const old = probabilities ?? [...ui.probabilities.querySelectorAll('input')].map((i) => Number(i.value));
  ui.probabilities.replaceChildren();
  for (let i = 0; i < n; i++) {
    const id = `p-${i}`;
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = `P(reward) arm ${i + 1}`;
    const input = document.createElement('input');
    input.type = 'number'; input.id = id; input.step = '0.05'; input.min = '0'; input.max = '1';
    input.value = String(old[i] ?? (i === 0 ? 0.8 : 0.2));
    const cell = document.createElement('div');
    cell.append(label, input);
    ui.probabilities.append(cell);
  }
}

// The scenario the controls describe. Numbers go to the engine as typed; the
// engine validates them and names the field of any bad one.
function scenarioFromControls() {
  const p = [...ui.probabilities.querySelectorAll('input')].map((i) => Number(i.value));
  const gain = Number(ui.gain.value);
  const conditions = [{ label: 'control' }];
  if (gain !== 1) conditions.push({ label: `dopamine gain ${gain.toFixed(2)}`, dopamine: { gain } });
  return {
    name: `Bandit ${p.map((x) => Math.round(x * 100)).join('/')}`,
    task: { kind: 'bandit', p_reward: p, trials: Number(ui.trials.value) },
    conditions,
    seeds: Number(ui.seeds.value),
  };
}

function applyScenario(s) {
  const p = s.task?.p_reward ?? [0.8, 0.2];
  ui.arms.value = String(p.length);
  renderArms(p);
  if (s.task?.trials) ui.trials.value = String(s.task.trials);
  if (s.seeds) ui.seeds.value = String(s.seeds);
  const manipulated = (s.conditions ?? []).find((c) => c.dopamine?.gain !== undefined);
  ui.gain.value = String(manipulated ? manipulated.dopamine.gain : 1);
  ui.gainValue.textContent = Number(ui.gain.value).toFixed(2);
}

function drawChart() {
  if (!experiment) return;
  const dpr = window.devicePixelRatio || 1;
  const box = ui.canvas.getBoundingClientRect();
  const w = Math.max(1, Math.round(box.width * dpr));
  const h = Math.max(1, Math.round(box.height * dpr));
  if (ui.canvas.width !== w || ui.canvas.height !== h) { ui.canvas.width = w; ui.canvas.height = h; }
  const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
  try {
    experiment.draw(ui.canvas, ui.metric.value, { scale: dpr, dark, window: Number(ui.window.value) });
  } catch (e) {
    showError(e.message);
  }
}

function freeExperiment() {
  if (experiment) { experiment.free(); experiment = null; }
  ui.csv.disabled = true;
}

function build() {
  freeExperiment();
  showError('');
  try {
    experiment = new Experiment(scenarioFromControls());
  } catch (e) {
    showError(e.message);
    setStatus('Fix the setting named above, then press Run.');
    return false;
  }
  return true;
}

function frame() {
  if (!running || !experiment) return;
  const t0 = performance.now();
  experiment.step(trialsPerFrame);
  const spent = performance.now() - t0;
  // Adapt the chunk so stepping takes about FRAME_BUDGET_MS per frame.
  trialsPerFrame = Math.max(1, Math.min(1e6, Math.round(trialsPerFrame * FRAME_BUDGET_MS / Math.max(spent, 0.5))));
  drawChart();
  const info = experiment.info();
  if (experiment.done) {
    running = false;
    const secs = ((performance.now() - startedAt) / 1000).toFixed(2);
    setStatus(`Done: ${info.trials} trials × ${info.seeds} seeds × ${info.conditions.length} condition(s) in ${secs} s.`);
    updateButtons();
    return;
  }
  setStatus(`Running: trial ${experiment.trialsDone} of ${info.trials} (${Math.round(experiment.progress * 100)} %)`);
  requestAnimationFrame(frame);
}

function updateButtons() {
  ui.run.textContent = experiment && !experiment.done && !running && experiment.trialsDone > 0 ? 'Resume' : 'Run';
  ui.pause.disabled = !running;
  ui.csv.disabled = !experiment || experiment.trialsDone === 0;
}

function run() {
  if (running) return;
  if (!experiment || experiment.done) {
    if (!build()) { updateButtons(); return; }
  }
  running = true;
  startedAt = performance.now();
  updateButtons();
  requestAnimationFrame(frame);
}

function pause() {
  running = false;
  if (experiment) setStatus(`Paused at trial ${experiment.trialsDone}.`);
  updateButtons();
}

function reset() {
  running = false;
  freeExperiment();
  showError('');
  const ctx = ui.canvas.getContext('2d');
  ctx.clearRect(0, 0, ui.canvas.width, ui.canvas.height);
  setStatus('Ready. Press Run.');
  updateButtons();
}

function downloadCsv() {
  if (!experiment) return;
  const blob = new Blob([experiment.csv()], { type: 'text/csv' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'modulab.csv';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

async function main() {
  await init({ module_or_path: new URL('./pkg/modulab_bg.wasm', import.meta.url) });
  try {
    const response = await fetch('scenarios/bandit.json');
    if (response.ok) applyScenario(await response.json());
    else renderArms();
  } catch {
    renderArms();
  }
  ui.arms.addEventListener('change', () => { renderArms(); reset(); });
  ui.form.addEventListener('change', (e) => { if (e.target !== ui.metric && e.target !== ui.window && e.target !== ui.arms) reset(); });
  ui.gain.addEventListener('input', () => { ui.gainValue.textContent = Number(ui.gain.value).toFixed(2); });
  ui.window.addEventListener('input', () => { ui.windowValue.textContent = ui.window.value; drawChart(); });
  ui.metric.addEventListener('change', drawChart);
  ui.run.addEventListener('click', run);
  ui.pause.addEventListener('click', pause);
  ui.reset.addEventListener('click', reset);
  ui.csv.addEventListener('click', downloadCsv);
  new ResizeObserver(() => drawChart()).observe(ui.canvas);
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', drawChart);
  setStatus('Ready. Press Run.');
  document.body.dataset.ready = 'true';
}

main().catch((e) => {
  showError(`The engine could not start: ${e.message}`);
  setStatus('Not running.');
});
