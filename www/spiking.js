// The spiking page: the distal-reward network with the main page's parts
// (runner.js: runs in a Web Worker; state.js: the state in the link;
// charts.js: the engine's charts with bands over seeds; figure-share.js:
// exports and the Embed dialog) and one panel of its own: a raster of the
// last second of the first seed of each condition, with its dopamine
// trace, from the spiking view the engine reports (stepper.js). No engine
// logic lives here; the reward counts are the engine's.
import init, * as engine from './pkg/modulab.js';
import { Runner } from './runner.js';
import { chartPanel } from './charts.js';
import { ConditionCards, dropUnreadConditions, droppedNote } from './conditions.js';
import { figureParts, setStatus, showError, startRun, runFailed, markState, runsUnasked } from './figure-bars.js';
import { encodeState, decodeState, isAnchor } from './state.js';
import { el, fieldControl, getPath, setPath, dropPaths } from './form.js';
import { downloadPng, slug, linkState, shareLink, EmbedDialog } from './figure-share.js';

const $ = (id) => document.getElementById(id);
// The run and view bars, the header's notes and the export buttons
// (figure-bars.js): the network records bins.
const { viewBar, exports } = figureParts({
  point: 'bin', window: 1, disabled: true, state: () => state, charts: () => charts, saved: () => saveUrl(),
  runner: () => runner, info: () => info, updateButtons,
});
const ui = {
  taskFields: $('task-fields'), taskMore: $('task-more'),
  title: $('title'), seeds: $('seeds'), firstSeed: $('first-seed'), run: $('run'), pause: $('pause'), step: $('step'), reset: $('reset'),
  speed: $('speed'), progress: $('progress'), rasters: $('rasters'),
  charts: $('charts'),
  share: $('share'), shareNote: $('share-note'),
  shareLink: $('share-link'), identityNote: $('identity-note'),
};

const PRESET = 'distal_reward.json';
const KIND = 'distal_reward';
// Model time the rasters show, in ms.
const RASTER_MS = 1000;
const DEFAULT_VIEW = { charts: ['rewarded_weight', 'mean_weight'], window: 1, band: 'sem', speed: 'fast', preset: PRESET };
// Task fields shown at once; the others are under "More settings".
const MAIN_FIELDS = ['duration_s', 'bin_ms', 'protocol', 'reward_schedule', 'neurons', 'rewarded_weight'];
// A scenario of at most this many bins in all (conditions × seeds × bins)
// runs as soon as it is shown, as the main page runs small ones; a bigger
// one, or one of more work than the main page runs by itself (firstMode),
// shows its first bin (rasters of its first second) and waits for Run.
// The preset (2 conditions × 5 seeds × 120 bins of 1 s) runs at once.
const AUTO_RUN_BINS = 1200;
// Titles of the two weight charts.
const TITLES = ['Weights over model time', 'Network'];
const COLORS = { exc: '#0072b2', inh: '#d55e00', dopamine: '#009e73' };

let schemas = {};
let limits = null;
let runner = null;
let state = null; // {scenario, view}
let info = null;
let table = null;
let charts = [];
let rasters = [];
let live = null;
let size = [1000, 800];
let lastHash = '';
// The condition cards (www/conditions.js, shared with the main page).
let cards = null;

const muted = () => getComputedStyle(document.documentElement).getPropertyValue('--muted').trim() || '#888';

// ---- the scenario as controls -------------------------------------------------

// The engine's filled-in scenario: what a left-out field (seeds) then is.
const engineDefaults = () => JSON.parse(engine.scenarioJson({ task: { kind: KIND } }));

// The task's controls ([field, element]) and the fields its runs do not
// read under the chosen protocol (engine.unreadFields), whose controls hide.
let taskControls = [];
function unreadTask() {
  try { return new Set(engine.unreadFields(state.scenario)); } catch { return new Set(); }
}
function showRead() {
  const unread = unreadTask();
  for (const [f, c] of taskControls) c.hidden = unread.has(`task.${f.name}`);
}

// Counts the forms built: a control of an earlier form (removed while it
// held an uncommitted edit, whose change event then fires) writes nothing.
let formBuilt = 0;

function renderForm() {
  const s = state.scenario;
  const desc = schemas.task.find((d) => d.kind === KIND);
  const built = ++formBuilt;
  const control = (f) => fieldControl(f, getPath(s.task, f.name), getPath(desc.defaults, f.name), 'task',
    (v) => {
      if (built !== formBuilt) return;
      setPath(s.task, f.name, v);
      if (f.name === 'protocol') followProtocol();
      // Fields the other protocol reads go back to their defaults: the
      // engine refuses them, as they would change nothing.
      const gone = dropPaths(s, unreadTask());
      // The region decides which lesion acts: one of another region is removed, and named.
      const dropped = cards.taskEdited(() => dropUnreadConditions(engine, state.scenario));
      changed();
      if (dropped.length) note = ` ${droppedNote(desc.label, dropped)}`;
      if (gone.length) {
        renderForm();
        document.getElementById(`task-${f.name}`)?.focus();
        note += ` ${gone.join(', ')}: not read with this protocol, so reset to the default.`;
      } else showRead();
    });
  taskControls = desc.fields.map((f) => [f, control(f)]);
  const shown = (main) => taskControls.filter(([f]) => MAIN_FIELDS.includes(f.name) === main).map(([, c]) => c);
  ui.taskFields.replaceChildren(...shown(true));
  ui.taskMore.replaceChildren(...shown(false));
  showRead();
  cards.render();
  // Left out, the seeds are the engine's defaults (its filled-in scenario).
  const filled = engineDefaults();
  ui.title.value = s.name ?? '';
  ui.seeds.value = String(s.seeds ?? filled.seeds);
  ui.seeds.max = String(limits.max_seeds ?? 10000);
  ui.firstSeed.value = String(s.first_seed ?? filled.first_seed);
  ui.speed.value = state.view.speed;
  viewBar.show(state.view);
}

// ---- the rasters --------------------------------------------------------------

function buildRasters(labels) {
  ui.rasters.replaceChildren();
  rasters = labels.map((label, c) => {
    const canvas = el('canvas', { id: `raster-${c}`, role: 'img' });
    const caption = el('p', { className: 'readout', id: `raster-${c}-caption` });
    canvas.setAttribute('aria-label', `Spike raster of ${label}, first seed, last second: time across, neurons down; dopamine below`);
    canvas.setAttribute('aria-describedby', caption.id);
    const png = el('button', { type: 'button', className: 'small secondary', text: 'PNG' });
    png.setAttribute('aria-label', `Download the raster of ${label} as PNG`);
    png.addEventListener('click', () => downloadPng(canvas, `${slug(info?.name)}-raster-${slug(label)}.png`, runner?.experiment));
    const panel = el('section', { className: 'raster' },
      el('div', { className: 'chart-head' }, el('h3', { text: label }), png),
      el('div', { className: 'canvas-box raster-box' }, canvas), caption);
    ui.rasters.append(panel);
    return { canvas, caption, label };
  });
}

// Sizes a canvas's backing store to its CSS box × devicePixelRatio.
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

// Spikes in the top four fifths, the dopamine trace below.
function drawRaster({ canvas }, view) {
  const { ctx, w, h, dpr } = context(canvas);
  if (!view) return;
  const [n, nExc] = size;
  const top = Math.round(h * 0.8);
  const from = view.timeMs - RASTER_MS;
  const dot = Math.max(1, Math.round(1.5 * dpr));
  const spikes = view.spikes;
  for (const [color, exc] of [[COLORS.exc, true], [COLORS.inh, false]]) {
    ctx.fillStyle = color;
    for (let k = 0; k < spikes.length; k += 2) {
      const i = spikes[k + 1];
      if ((i < nExc) !== exc) continue;
      ctx.fillRect(((spikes[k] - from) / RASTER_MS) * (w - dot), (i / n) * (top - dot), dot, dot);
    }
  }
  ctx.strokeStyle = muted();
  ctx.globalAlpha = 0.5;
  ctx.beginPath(); ctx.moveTo(0, top + 0.5); ctx.lineTo(w, top + 0.5); ctx.stroke();
  ctx.globalAlpha = 1;
  const d = view.dopamine;
  if (!d.length) return;
  const peak = Math.max(0.6, ...d);
  const band = h - top - 4 * dpr;
  ctx.strokeStyle = COLORS.dopamine;
  ctx.lineWidth = 1.5 * dpr;
  ctx.beginPath();
  // The trace ends at the raster's right edge (model time now).
  const x0 = w - (d.length / RASTER_MS) * w;
  d.forEach((v, k) => {
    const x = x0 + (k / RASTER_MS) * w;
    const y = h - 2 * dpr - (v / peak) * band;
    if (k === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
  });
  ctx.stroke();
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

function drawRasters() {
  rasters.forEach((r, c) => {
    const view = live?.[c];
    drawRaster(r, view);
    if (!view) { r.caption.textContent = ''; return; }
    const rewards = Array.from(view.rewards);
    const seeds = rewards.length;
    r.caption.textContent = `${(view.timeMs / 1000).toFixed(1)} s of model time · rewards ${rewards[0]} (first seed)` +
      (seeds > 1 ? `, mean ${mean(rewards).toFixed(1)} over ${seeds} seeds` : '');
    r.caption.dataset.rewards = String(rewards[0]);
  });
}

// ---- the weight charts --------------------------------------------------------

// The charts each protocol opens on: a Pavlovian run rewards a stimulus
// set, not a synapse, so its charts are the response to S1 against that to
// the other sets (Izhikevich 2007, Fig. 2).
const PROTOCOL_CHARTS = { instrumental: DEFAULT_VIEW.charts, pavlovian: ['s1_response', 'other_response'] };
const PROTOCOL_TITLES = { instrumental: TITLES, pavlovian: ['Response to S1 over model time', 'Response to the other sets'] };

// After the protocol changed: charts left on the other protocol's defaults
// follow it (charts the reader chose stay).
function followProtocol() {
  const mine = PROTOCOL_CHARTS[state.scenario.task?.protocol ?? 'instrumental'] ?? DEFAULT_VIEW.charts;
  const shown = JSON.stringify(state.view.charts);
  if (!Object.values(PROTOCOL_CHARTS).some((c) => JSON.stringify(c) === shown) || shown === JSON.stringify(mine)) return;
  state.view.charts = [...mine];
  charts.forEach((c) => c.dispose());
  charts = [];
  ui.charts.replaceChildren();
}

function buildCharts(exp) {
  table = exp.metricTable();
  const names = table.metrics.map((m) => m.name);
  const defaults = PROTOCOL_CHARTS[state.scenario.task?.protocol ?? 'instrumental'] ?? DEFAULT_VIEW.charts;
  state.view.charts = defaults.map((d, i) => (names.includes(state.view.charts?.[i]) ? state.view.charts[i] : d));
  if (charts.length) return;
  charts = state.view.charts.map((metric, i) => chartPanel(ui.charts, i, {
    table, metric, title: (PROTOCOL_TITLES[state.scenario.task?.protocol] ?? TITLES)[i], window: state.view.window, band: state.view.band,
    onMetric: (m) => { state.view.charts[i] = m; runner.setMetrics(state.view.charts); saveUrl(); },
    onPng: (canvas, m) => downloadPng(canvas, `${slug(info?.name)}-${m}.png`, runner?.experiment),
  }));
}

// ---- running ------------------------------------------------------------------

function describe() {
  return `${info.conditions.length} condition(s) × ${info.seeds} seed(s) × ${info.trials} bins`;
}

function onUpdate(exp, msg) {
  ui.progress.value = msg.progress;
  if (msg.live) live = msg.live;
  const t = (live?.[0]?.timeMs ?? 0) / 1000;
  const speed = msg.elapsed > 0 ? (t * 1000) / msg.elapsed : 0;
  const where = runner.usesWorker ? 'in a background worker' : 'on this page';
  const st = runner.state === 'done' ? 'Done' : runner.state === 'paused' ? 'Paused' : 'Running';
  setStatus(`${st}: ${t.toFixed(1)} s of model time in every network (${describe()}, ${where})` +
    (speed > 0 ? `, ${speed >= 10 ? speed.toFixed(0) : speed.toPrecision(2)}× real time per network.` : '.') + note);
  drawRasters();
  for (const c of charts) c.show(exp, runner.state === 'running');
  updateButtons();
}

const onError = (message) => runFailed(message, updateButtons);

function updateButtons() {
  const st = runner?.state ?? 'idle';
  const exp = runner?.experiment;
  ui.run.textContent = st === 'paused' && exp?.trialsDone > 0 ? 'Resume' : 'Run';
  ui.run.disabled = st === 'running';
  ui.pause.disabled = st !== 'running';
  ui.step.disabled = st === 'done' || st === 'running';
  ui.reset.disabled = false;
  exports.update(exp);
  markState(runner);
}

// Builds and starts the scenario ('step': one bin in every network, then
// paused: the rasters a reader sees of a long scenario before pressing Run).
function start(mode) {
  clearTimeout(changeTimer);
  const exp = startRun(runner, state.scenario, { speed: state.view.speed, mode, metrics: state.view.charts, live: RASTER_MS }, updateButtons);
  if (!exp) return false;
  info = exp.info();
  size = Array.from(exp.networkSize());
  live = null;
  buildCharts(exp);
  runner.setMetrics(state.view.charts);
  buildRasters(info.conditions);
  for (const c of charts) c.show(null);
  ui.progress.value = 0;
  setStatus(`Starting: ${describe()}.${note}`);
  updateButtons();
  saveUrl();
  return true;
}

let changeTimer = null;
// What the engine removed at the last edit, said after the run's status.
let note = '';
// A setting changed: the link follows, and the new scenario is shown (run,
// or its first bin: firstMode). An edited preset is titled "(edited)", as
// on the main page, unless the change is the title itself.
function changed({ title = false } = {}) {
  note = '';
  if (state.view.preset && !title) {
    state.scenario.name = `${state.scenario.name || 'Distal reward'} (edited)`.slice(0, 200);
    ui.title.value = state.scenario.name;
  }
  state.view.preset = '';
  showIdentity(null);
  saveUrl();
  clearTimeout(changeTimer);
  changeTimer = setTimeout(() => start(firstMode()), 350);
}

// 'run' for a small scenario, else 'step' (as the engine counts its length
// and its work: a network of 100,000 neurons is 100 times the work of the
// published one per bin, so it waits for Run as on the main page).
function firstMode() {
  // A scenario the engine refuses: start() shows why.
  return runsUnasked(engine, limits, state.scenario, AUTO_RUN_BINS) ? 'run' : 'step';
}

// ---- the link -----------------------------------------------------------------

let urlTimer = null;
// Bumped when a link is opened: a write of the state before it, pending or
// waiting on encodeState, must not replace the link just opened.
let urlWrites = 0;
function saveUrl() {
  clearTimeout(urlTimer);
  const write = ++urlWrites;
  urlTimer = setTimeout(async () => {
    const hash = `#${await encodeState(linkState(engine, state))}`;
    if (write !== urlWrites) return;
    lastHash = hash;
    history.replaceState(null, '', lastHash);
    // The link shown under the header follows the page, once shown.
    if (!ui.shareNote.hidden) ui.shareLink.value = location.href;
  }, 150);
}

function showIdentity(identity) {
  ui.identityNote.hidden = !identity;
  ui.identityNote.textContent = identity ? `This link: ${identity.message}.` : '';
  ui.identityNote.classList.toggle('differs', !!identity && identity.status !== 'identical');
  if (identity) ui.identityNote.dataset.identity = identity.status; else delete ui.identityNote.dataset.identity;
}

async function presetState() {
  const response = await fetch(`scenarios/${PRESET}`);
  if (!response.ok) throw new Error(`scenarios/${PRESET}: ${response.status}`);
  return { scenario: await response.json(), view: { ...DEFAULT_VIEW } };
}

// The link's state (a spiking scenario only), or the preset with a message.
async function stateFromUrl() {
  if (location.hash.length <= 1 || isAnchor(location.hash)) return { state: await presetState() };
  try {
    const { scenario, view, identity, dropped } = await decodeState(location.hash);
    if (scenario.task?.kind !== KIND) throw new Error(`it holds a ${scenario.task?.kind} scenario: open it on the main page (index.html)`);
    if (view.preset !== PRESET) view.preset = '';
    return { state: { scenario, view }, identity, dropped };
  } catch (e) {
    return { state: await presetState(), problem: `This link's figure cannot be shown: ${e.message}. Showing the preset instead.` };
  }
}

async function load({ state: next, problem, identity, dropped }) {
  state = next;
  // Settings an earlier version accepted that change nothing for the
  // protocol (the engine removed them): named after the run's status.
  note = dropped?.length ? ` ${dropped.join(', ')}: not read by this protocol (they change no number), so left out.` : '';
  renderForm();
  charts.forEach((c) => c.dispose());
  charts = [];
  ui.charts.replaceChildren();
  showIdentity(identity ?? null);
  start(firstMode());
  if (problem) showError(problem);
}

// ---- start-up -----------------------------------------------------------------

function wire() {
  for (const [input, key] of [[ui.seeds, 'seeds'], [ui.firstSeed, 'first_seed']]) {
    input.addEventListener('change', () => {
      const v = input.value.trim() === '' ? undefined : Number(input.value);
      setPath(state.scenario, key, v);
      // Emptied: the engine's default, shown as the run then uses it.
      if (v === undefined) input.value = String(engineDefaults()[key]);
      changed();
    });
  }
  ui.title.addEventListener('change', () => {
    const t = ui.title.value.trim().slice(0, 200);
    if (t) state.scenario.name = t; else delete state.scenario.name;
    changed({ title: true });
  });
  ui.run.addEventListener('click', () => {
    if (runner.state === 'paused') runner.resume(); else start('run');
    updateButtons();
  });
  ui.pause.addEventListener('click', () => { runner.pause(); updateButtons(); });
  ui.step.addEventListener('click', () => {
    if (runner.state === 'paused' || runner.state === 'running') runner.step(); else start('step');
    updateButtons();
  });
  ui.reset.addEventListener('click', () => start('step'));
  ui.speed.addEventListener('change', () => { state.view.speed = ui.speed.value; runner.setSpeed(ui.speed.value); saveUrl(); });
  viewBar.limit(limits);
  ui.share.addEventListener('click', async () => { lastHash = await shareLink(engine, state, ui, setStatus); });
  new EmbedDialog(() => ({ engine, state, name: info?.name, table }));
  window.addEventListener('resize', drawRasters);
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => { drawRasters(); for (const c of charts) c.request(); });
  window.addEventListener('hashchange', async () => {
    if (location.hash === lastHash) return;
    // An in-page link (Skip to the charts): the scenario stays, and so does its link.
    if (isAnchor(location.hash)) {
      if (lastHash) history.replaceState(null, '', lastHash);
      return;
    }
    clearTimeout(urlTimer);
    urlWrites += 1;
    await load(await stateFromUrl());
  });
}

async function main() {
  const module = await WebAssembly.compileStreaming(fetch(new URL('./pkg/modulab_bg.wasm', import.meta.url)));
  await init({ module_or_path: module });
  limits = engine.limits();
  schemas = { task: engine.taskSchema(), condition: engine.conditionSchema() };
  // Every condition field the spiking network reads, as its task's
  // description names them.
  cards = new ConditionCards($('conditions-box'), {
    schema: schemas.condition, limits, scenario: () => state.scenario, changed,
    reads: () => schemas.task.find((d) => d.kind === KIND).condition_fields,
    lesions: () => engine.lesionsRead(state.scenario.task),
    drugs: () => engine.drugsRead(state.scenario.task),
  });
  runner = new Runner(engine, module, { onUpdate, onProgress: (msg) => { ui.progress.value = msg.progress; }, onError });
  const [, first] = await Promise.all([runner.init(), stateFromUrl()]);
  wire();
  // Read-only handles for tests (no engine logic), set before data-ready,
  // which tests wait on.
  window.modulab = { runner, get state() { return state; }, get live() { return live; } };
  document.body.dataset.ready = 'true';
  await load(first);
}

main().catch((e) => {
  showError(`The engine could not start: ${e.message}`);
  setStatus('Not running.');
});
