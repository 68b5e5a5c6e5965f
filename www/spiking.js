// The spiking page: runs the distal-reward preset live in the engine (wasm),
// a few hundred ms of model time at a time, and draws what the engine
// reports (spikes, weights, dopamine). No engine logic lives here.
import init, { Experiment, limits } from './pkg/modulab.js';

const $ = (id) => document.getElementById(id);
const ui = {
  condition: $('condition'), duration: $('duration'), run: $('run'), pause: $('pause'), reset: $('reset'),
  raster: $('raster'), weights: $('weights'), dopamine: $('dopamine'), status: $('status'), error: $('error'),
};

// Wall-clock budget per animation frame for stepping the engine, in ms.
const FRAME_BUDGET_MS = 10;
// Model time per recorded point (and per engine step), in ms.
const BIN_MS = 250;
const COLORS = { exc: '#0072b2', inh: '#d55e00', rewarded: '#e69f00', mean: '#0072b2', dopamine: '#009e73' };

let preset = null;
let experiment = null;
let running = false;
let size = [1000, 800];
let wallMs = 0;

function showError(message) {
  ui.error.textContent = message;
  ui.error.hidden = !message;
}

// Sizes a canvas's backing store to its CSS box × devicePixelRatio; returns its 2D context.
function context(canvas) {
  const dpr = window.devicePixelRatio || 1;
  const { width, height } = canvas.getBoundingClientRect();
  const w = Math.max(1, Math.round(width * dpr));
  const h = Math.max(1, Math.round(height * dpr));
  if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = getComputedStyle(document.body).backgroundColor || '#fff';
  ctx.fillRect(0, 0, w, h);
  return { ctx, w, h, dpr };
}

function muted() { return getComputedStyle(document.documentElement).getPropertyValue('--muted').trim() || '#888'; }

function drawRaster() {
  const { ctx, w, h, dpr } = context(ui.raster);
  if (!experiment) return;
  const now = experiment.modelTimeMs(0, 0);
  const spikes = experiment.recentSpikes(0, 0, 1000);
  const [n, nExc] = size;
  const from = now - 1000;
  const dot = Math.max(1, Math.round(1.5 * dpr));
  for (const [color, exc] of [[COLORS.exc, true], [COLORS.inh, false]]) {
    ctx.fillStyle = color;
    for (let k = 0; k < spikes.length; k += 2) {
      const i = spikes[k + 1];
      if ((i < nExc) !== exc) continue;
      ctx.fillRect(((spikes[k] - from) / 1000) * (w - dot), (i / n) * (h - dot), dot, dot);
    }
  }
}

// A line of `values` across the width, `y` mapping a value to 0..1 of the height.
function line(ctx, values, xOf, y, h, color, width) {
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.beginPath();
  values.forEach((v, k) => {
    const py = h - y(v) * h;
    if (k === 0) ctx.moveTo(xOf(k), py); else ctx.lineTo(xOf(k), py);
  });
  ctx.stroke();
}

function grid(ctx, w, h, dpr, ticks, y, label) {
  ctx.strokeStyle = muted();
  ctx.globalAlpha = 0.35;
  ctx.lineWidth = 1;
  for (const t of ticks) {
    const py = Math.round(h - y(t) * h) + 0.5;
    ctx.beginPath(); ctx.moveTo(0, py); ctx.lineTo(w, py); ctx.stroke();
  }
  ctx.globalAlpha = 1;
  ctx.fillStyle = muted();
  ctx.font = `${11 * dpr}px sans-serif`;
  for (const t of ticks) ctx.fillText(label(t), 4 * dpr, h - y(t) * h - 3 * dpr);
}

function drawWeights() {
  const { ctx, w, h, dpr } = context(ui.weights);
  if (!experiment) return;
  const total = Math.max(2, experiment.info().trials);
  const rewarded = experiment.series(0, 0, 'rewarded_weight');
  const mean = experiment.series(0, 0, 'mean_weight');
  // Points cover `stride` bins each once the series has been downsampled.
  const stride = Math.max(1, Math.round(experiment.trialsDone / Math.max(1, rewarded.length)));
  const xOf = (k) => ((k * stride) / total) * w;
  const y = (v) => Math.min(1, Math.max(0, v / 4.2));
  grid(ctx, w, h, dpr, [1, 2, 3, 4], y, (t) => `${t} mV`);
  line(ctx, mean, xOf, y, h, COLORS.mean, 2 * dpr);
  line(ctx, rewarded, xOf, y, h, COLORS.rewarded, 2 * dpr);
}

function drawDopamine() {
  const { ctx, w, h, dpr } = context(ui.dopamine);
  if (!experiment) return;
  // The longest trace the engine keeps.
  const d = experiment.recentDopamine(0, 0, limits().max_spike_window_ms);
  const top = Math.max(0.6, ...d);
  const y = (v) => v / top;
  grid(ctx, w, h, dpr, [0.25, 0.5], y, (t) => `${t}`);
  line(ctx, d, (k) => (k / Math.max(1, d.length - 1)) * w, y, h, COLORS.dopamine, 2 * dpr);
}

function draw() {
  drawRaster();
  drawWeights();
  drawDopamine();
  if (!experiment) return;
  const t = experiment.modelTimeMs(0, 0) / 1000;
  // Counted by the engine (a sum over the downsampled series was wrong).
  const rewards = experiment.rewardTotal(0, 0);
  const w = experiment.series(0, 0, 'rewarded_weight');
  const m = experiment.series(0, 0, 'mean_weight');
  const speed = wallMs > 0 ? (t * 1000) / wallMs : 0;
  const state = experiment.done ? 'Done' : running ? 'Running' : 'Paused';
  ui.status.textContent = `${state}: ${t.toFixed(1)} s of model time` +
    (speed > 0 ? ` (${speed.toFixed(0)}× real time)` : '') +
    ` · rewards ${Math.round(rewards)} · rewarded synapse ${(w.at(-1) ?? 0).toFixed(2)} mV` +
    ` (mean ${(m.at(-1) ?? 1).toFixed(2)} mV)`;
}

function scenario() {
  const cond = preset.conditions[Number(ui.condition.value) || 0];
  return {
    ...preset,
    task: { ...preset.task, duration_s: Number(ui.duration.value), bin_ms: BIN_MS },
    conditions: [cond],
    seeds: 1,
  };
}

function build() {
  experiment?.free();
  experiment = null;
  wallMs = 0;
  try {
    experiment = new Experiment(scenario());
    size = Array.from(experiment.networkSize());
    showError('');
    return true;
  } catch (e) {
    showError(e.message);
    return false;
  }
}

function frame() {
  if (!running || !experiment) return;
  const t0 = performance.now();
  while (!experiment.done && performance.now() - t0 < FRAME_BUDGET_MS) experiment.step(1);
  wallMs += performance.now() - t0;
  if (experiment.done) stop();
  draw();
  if (running) requestAnimationFrame(frame);
}

function start() {
  if (!experiment || experiment.done) { if (!build()) return; }
  running = true;
  ui.run.disabled = true; ui.pause.disabled = false;
  requestAnimationFrame(frame);
}

function stop() {
  running = false;
  ui.run.disabled = false; ui.pause.disabled = true;
  ui.run.textContent = experiment && !experiment.done ? 'Resume' : 'Run';
  draw();
}

function reset() {
  stop();
  experiment?.free();
  experiment = null;
  ui.run.textContent = 'Run';
  draw();
  ui.status.textContent = 'Ready.';
}

async function main() {
  await init();
  const res = await fetch('scenarios/distal_reward.json');
  preset = await res.json();
  preset.conditions.forEach((c, k) => {
    const o = document.createElement('option');
    o.value = String(k);
    o.textContent = c.label;
    ui.condition.append(o);
  });
  ui.run.addEventListener('click', start);
  ui.pause.addEventListener('click', stop);
  ui.reset.addEventListener('click', reset);
  ui.condition.addEventListener('change', reset);
  ui.duration.addEventListener('change', reset);
  window.addEventListener('resize', draw);
  ui.run.disabled = false; ui.reset.disabled = false;
  reset();
  document.body.dataset.ready = 'true';
}

main().catch((e) => showError(`The engine could not start: ${e.message}`));
