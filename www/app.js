// The sandbox page. Controls are generated from the engine's field
// descriptions; the engine (wasm) validates, runs (in a Web Worker), draws
// every chart and writes every export. This file only wires them together.
import init, * as engine from './pkg/modulab.js';
import { Runner } from './runner.js';
import { ChartView, chartPanel, updatePanel, axisOf } from './charts.js';
import { encodeState, decodeState, isAnchor } from './state.js';
import { el, fieldControl, getPath, setPath, dropPaths } from './form.js';
import { ConditionCards, dropUnreadConditions, droppedNote } from './conditions.js';
import { figureParts, runBarPoint, setStatus, showError, startRun, runFailed, markState, runsUnasked } from './figure-bars.js';
import { CircuitPanel } from './circuit.js';
import { downloadPng, slug, linkState as stateOfLink, shareLink, EmbedDialog } from './figure-share.js';

const $ = (id) => document.getElementById(id);
// The run and view bars, the header's notes and the export buttons
// (figure-bars.js), in trials until a run says otherwise.
const { viewBar, exports } = figureParts({
  point: 'trial', window: 10, state: () => state, charts: () => charts, saved: () => saveUrl(),
  runner: () => runner, info: () => lastInfo, updateButtons,
});
const ui = {
  scenario: $('scenario'), share: $('share'), shareNote: $('share-note'), shareLink: $('share-link'),
  taskKind: $('task-kind'), taskAbout: $('task-about'), taskFields: $('task-fields'),
  modelBox: $('model-box'), modelFields: $('model-fields'),
  seeds: $('seeds'), firstSeed: $('first-seed'), run: $('run'), pause: $('pause'), step: $('step'),
  reset: $('reset'), speed: $('speed'), progress: $('progress'),
  charts: $('charts'),
  open: $('open'),
  title: $('title'), identityNote: $('identity-note'),
};

// The last scenario the reader edited, kept in this browser and restored
// when the page opens without a state in its URL.
const EDITED_KEY = 'modulab.edited.v1';

const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)');

let schemas = {};
// The engine's limits (conditions, seeds, smoothing window, …): engine.limits().
let limits = null;
let presets = [];
let runner = null;
let state = null; // {scenario, view}
let charts = [];
let heat = null;
// The circuit panel (www/circuit.js): the engine's diagram and a region editor.
let circuit = null;
// The condition cards (www/conditions.js, shared with the spiking page).
let cards = null;
let lastInfo = null;
let firstChartMarked = false;
// Said while a run started by opening a link (or reloading) is shown:
// links hold the scenario, never results, so these are computed afresh.
let linkNote = '';
// The engine's metric table of the current experiment (for the embed dialog).
let lastTable = null;

const DEFAULT_VIEW = { charts: [], window: 10, band: 'sem', speed: 'fast', preset: '' };



// ---- the scenario as controls ------------------------------------------------

function taskDescription(kind) { return schemas.task.find((d) => d.kind === kind) ?? schemas.task[0]; }

// The controls shown for the task and the model: a new scenario with the
// same fields updates their values in place (nothing rebuilt, nothing laid
// out afresh); only a task of another kind builds its controls anew.
let taskControls = null; // {kind, controls: [[field, element]]}
let modelControls = null;

function renderTask() {
  const s = state.scenario;
  const desc = taskDescription(s.task?.kind);
  ui.taskKind.value = desc.kind;
  if (taskControls?.kind === desc.kind) {
    for (const [f, control] of taskControls.controls) control.update(getPath(s.task, f.name));
    return;
  }
  ui.taskAbout.textContent = desc.about;
  const controls = desc.fields.map((f) => [f, fieldControl(
    f, getPath(s.task, f.name), getPath(desc.defaults, f.name), 'task',
    (v) => {
      // A control of another kind's form (removed while it held an
      // uncommitted edit, whose change event then fires) writes nothing.
      if (taskControls?.kind !== desc.kind) return;
      setPath(state.scenario.task, f.name, v);
      const gated = dropGated();
      const dropped = cards.taskEdited(() => dropUnreadConditions(engine, state.scenario));
      changed();
      noteDropped(dropped);
      noteGated(gated);
    },
  )]);
  ui.taskFields.replaceChildren(...controls.map(([, control]) => control));
  taskControls = { kind: desc.kind, controls };
}

// The task and model fields the scenario's runs do not read while a mode or
// switch of theirs is off (engine.unreadFields: the bandit's payoff SD with
// Bernoulli payoffs, the consolidation settings with consolidation off).
function unreadFields() {
  try { return new Set(engine.unreadFields(state.scenario)); } catch { return new Set(); }
}

// Shows only the controls of fields the runs read.
function showRead() {
  const unread = unreadFields();
  for (const [f, c] of taskControls?.controls ?? []) c.hidden = unread.has(`task.${f.name}`);
  for (const [f, c] of modelControls ?? []) c.hidden = unread.has(`model.${f.name}`);
}

// After an edit turned a mode or switch off: removes the task and model
// fields it leaves unread (the engine refuses them away from their default,
// as they would change nothing), shows their controls at their defaults,
// hides them, and returns their paths.
function dropGated() {
  const gone = dropPaths(state.scenario, unreadFields());
  if (gone.length) { renderTask(); renderModel(); }
  showRead();
  return gone;
}

// What the page says of the fields dropGated removed.
function noteGated(gone) {
  if (!gone.length) return;
  linkNote = ` ${gone.join(', ')}: not read with this setting, so reset to the default (a value there would change nothing).`;
  setStatus(linkNote.trim());
}

function renderModel() {
  const m = schemas.model;
  // The spiking tasks read none of the rate circuit's model: not offered.
  ui.modelBox.hidden = !taskDescription(state.scenario.task?.kind).reads_model;
  if (!m) { ui.modelFields.replaceChildren(el('p', { className: 'hint', text: 'This engine describes no model fields.' })); return; }
  state.scenario.model ??= {};
  const model = state.scenario.model;
  if (modelControls) {
    for (const [f, control] of modelControls) control.update(getPath(model, f.name));
    return;
  }
  modelControls = m.fields.map((f) => [f, fieldControl(
    f, getPath(model, f.name), getPath(m.defaults, f.name), 'model',
    (v) => {
      const s = state.scenario;
      s.model ??= {};
      setPath(s.model, f.name, v);
      if (!Object.keys(s.model).length) delete s.model;
      const gated = dropGated();
      changed();
      noteGated(gated);
    },
  )]);
  ui.modelFields.replaceChildren(...modelControls.map(([, control]) => control));
}

// The engine's filled-in scenario for the current task: what a left-out
// field (seeds, first seed) then is.
const engineDefaults = () => JSON.parse(engine.scenarioJson({ task: { kind: taskDescription(state.scenario.task?.kind).kind } }));

function renderForm() {
  const s = state.scenario;
  s.task ??= { kind: schemas.task[0].kind };
  renderTask();
  renderModel();
  showRead();
  cards.render();
  // Left out, the seeds are the engine's defaults (its filled-in scenario).
  const filled = engineDefaults();
  ui.seeds.value = String(s.seeds ?? filled.seeds);
  ui.firstSeed.value = String(s.first_seed ?? filled.first_seed);
  ui.speed.value = state.view.speed;
  viewBar.show(state.view);
  ui.scenario.value = state.view.preset || '';
  circuit?.changed();
  ui.title.value = s.name ?? '';
}

// ---- charts ------------------------------------------------------------------

// The chart panels of the engine's metric `table` (a run's, or a
// scenario's: engine.metricTable): kept, and shown with its titles,
// metrics, window and band, while its metric menus are the same as those on
// the page (a new scenario of the same task, an edit); built anew otherwise.
function buildCharts(table) {
  const metrics = table.metrics.map((m) => m.name);
  const wanted = Array.isArray(state.view.charts) ? state.view.charts : [];
  state.view.charts = table.charts.map((c, i) => (metrics.includes(wanted[i]) ? wanted[i] : c.metric));
  const axis = axisOf(table);
  lastTable = table;
  const key = JSON.stringify([table.groups, table.metrics.map((m) => [m.name, m.axis, m.group]), table.charts.length]);
  if (charts.length && charts.key === key) {
    const { window, band } = state.view;
    charts.forEach((view, i) => updatePanel(view, { axis, metric: state.view.charts[i], title: table.charts[i].title, window, band }));
    heat.axis = axis;
    return;
  }
  charts.forEach((c) => c.dispose());
  heat?.dispose();
  ui.charts.replaceChildren();
  charts = state.view.charts.map((metric, i) => {
    const view = chartPanel(ui.charts, i, {
      table, metric, title: table.charts[i].title, window: state.view.window, band: state.view.band,
      onMetric: (m) => { state.view.charts[i] = m; runner.setMetrics(state.view.charts); saveUrl(); },
      onPng: (canvas, m) => downloadPng(canvas, `${slug(lastInfo?.name)}-${m}.png`, runner?.experiment),
    });
    view.onDrawn = firstChart;
    return view;
  });
  charts.key = key;
  // Within-trial dopamine (timed tasks only).
  const canvas = el('canvas', { id: 'chart-heat', role: 'img' });
  const readout = el('p', { className: 'readout' });
  const png = el('button', { type: 'button', className: 'small secondary', text: 'PNG' });
  png.setAttribute('aria-label', 'Download the within-trial dopamine chart as PNG');
  png.addEventListener('click', () => downloadPng(canvas, `${slug(lastInfo?.name)}-dopamine-profiles.png`, runner?.experiment));
  const panel = el('section', { className: 'chart wide', id: 'heat-panel', hidden: true },
    el('div', { className: 'chart-head' }, el('h2', { text: 'Dopamine within the trial' }), png),
    el('div', { className: 'canvas-box' }, canvas), readout);
  ui.charts.append(panel);
  heat = new ChartView(canvas, readout, axis, { kind: 'profiles' });
  heat.panel = panel;
}

function firstChart() {
  if (firstChartMarked) return;
  firstChartMarked = true;
  performance.mark('modulab-first-chart');
  document.body.dataset.firstChart = 'true';
}

// previews: the worker's charts of this snapshot ({bitmap, last} or null
// each), shown while the run goes on.
function drawAll(exp, previews) {
  const preview = runner.state === 'running';
  charts.forEach((c, i) => {
    const p = previews?.[i];
    c.show(exp, preview, p?.bitmap, p?.last, p?.key);
  });
  previews?.slice(charts.length).forEach((p) => p?.bitmap.close());
  // Charts of the next snapshots: drawn by the worker while the run goes on.
  runner.setPreviews(preview && !reducedMotion.matches ? charts.map((c) => c.previewSpec()) : null);
  if (heat) {
    const has = exp.hasProfiles;
    heat.panel.hidden = !has;
    if (has) heat.show(exp);
  }
  circuit?.show(exp);
}

// ---- running -----------------------------------------------------------------

// What a recorded point of this task is: a trial, or a bin of model time
// (the spiking tasks), as the engine's x axis says.
const pointWord = (info) => info.x_axis?.point ?? 'trial';

function describeRun(info) {
  return `${info.name || info.task}: ${info.conditions.length} condition(s) × ${info.seeds} seed(s) × ${info.trials} ${pointWord(info)}s`;
}

function onUpdate(exp, msg) {
  const info = lastInfo;
  ui.progress.value = msg.progress;
  const where = runner.usesWorker ? 'in a background worker' : 'on this page';
  if (runner.state === 'done') {
    setStatus(`Done: ${describeRun(info)}, ${where}, in ${(msg.wall / 1000).toFixed(2)} s.${linkNote}`);
  } else if (runner.state === 'paused') {
    setStatus(`Paused at ${pointWord(info)} ${msg.trialsDone} of ${info.trials}: ${describeRun(info)}.`);
  } else {
    setStatus(`Running ${where}: ${describeRun(info)} — ${pointWord(info)} ${msg.trialsDone} (${Math.round(msg.progress * 100)} %).${linkNote}`);
  }
  // With reduced motion, charts change only when a run stops.
  if (!reducedMotion.matches || runner.state !== 'running') drawAll(exp, msg.previews);
  else msg.previews?.forEach((p) => p?.bitmap.close());
  updateButtons();
}

function onProgress(msg) {
  ui.progress.value = msg.progress;
}

const onError = (message) => runFailed(message, updateButtons);

function updateButtons() {
  const st = runner?.state ?? 'idle';
  const exp = runner?.experiment;
  ui.run.textContent = st === 'paused' ? 'Resume' : 'Run';
  ui.pause.disabled = st !== 'running';
  ui.step.disabled = st === 'done';
  exports.update(exp);
  markState(runner);
}

// Builds and starts the scenario; false when the engine refuses it.
function start(mode = 'run') {
  clearTimeout(changeTimer);
  const exp = startRun(runner, state.scenario, { speed: state.view.speed, mode, metrics: state.view.charts }, updateButtons);
  if (!exp) return false;
  lastInfo = exp.info();
  runBarPoint(lastInfo.x_axis.point);
  viewBar.point(lastInfo.x_axis.point);
  buildCharts(exp.metricTable());
  runner.setMetrics(state.view.charts);
  for (const c of charts) c.show(null);
  if (mode === 'run' && !reducedMotion.matches) runner.setPreviews(charts.map((c) => c.previewSpec()));
  ui.progress.value = 0;
  setStatus(`Starting: ${describeRun(lastInfo)}.`);
  updateButtons();
  saveUrl();
  return true;
}

function run() {
  clearTimeout(changeTimer);
  linkNote = '';
  if (runner.state === 'paused') { runner.resume(); updateButtons(); setStatus(`Running: ${describeRun(lastInfo)}.`); return; }
  start('run');
}

// Trials the scenario runs in all, as the engine counts a task's length; 0
// for an invalid one (it runs, and says what is wrong).
// Small enough to run without asking: within the engine's budgets of
// trials and of work (a spiking task's model time counted at its network's
// cost). An invalid scenario runs, so that start() shows why it cannot.
function runsByItself(s) {
  // A scenario the engine refuses runs, to show why.
  return runsUnasked(engine, limits, s, limits.auto_run_trials) ?? true;
}

// A scenario beyond runsByItself's budgets waits for Run, saying `why`. A
// run of the earlier scenario stops: going on, it would end as "Done"
// beside settings it did not run, and Run would resume it.
function waitForRun(why) {
  if (runner.state === 'running' || runner.state === 'paused') runner.stop();
  updateButtons();
  setStatus(`${why}${linkNote}`);
}

// Names what the engine removed, beside the run's status (after changed(),
// which clears the last note).
function noteDropped(dropped) {
  if (!dropped.length) return;
  linkNote = ` ${droppedNote(taskDescription(state.scenario.task?.kind).label, dropped)}`;
  setStatus(linkNote.trim());
}

let changeTimer = null;
// A setting changed: keep the URL in step, and re-run small scenarios. An
// edited preset is titled "(edited)" unless the change is the title itself.
function changed({ title = false } = {}) {
  linkNote = '';
  circuit?.changed();
  showIdentity(null);
  if (ui.scenario.value) {
    if (!title) {
      const preset = presets.find((p) => p.file === ui.scenario.value);
      const base = state.scenario.name || preset?.title || 'ModuLab';
      state.scenario.name = `${base} (edited)`.slice(0, 200);
      ui.title.value = state.scenario.name;
    }
    ui.scenario.value = '';
    state.view.preset = '';
  }
  saveUrl();
  clearTimeout(changeTimer);
  changeTimer = setTimeout(() => {
    if (runsByItself(state.scenario)) start('run');
    else {
      // The engine read the scenario (it counted its work): an error said
      // about an earlier value no longer holds.
      showError('');
      waitForRun('Settings changed: press Run to see them.');
    }
  }, 350);
}

// ---- URL state ---------------------------------------------------------------

let urlTimer = null;
// Bumped when a link is opened: a write of the state before it, pending or
// waiting on encodeState, must not replace the link just opened.
let urlWrites = 0;
let lastHash = '';

// The state a link (or the browser's copy) holds (figure-share.js).
const linkState = () => stateOfLink(engine, state);

function saveUrl() {
  clearTimeout(urlTimer);
  const write = ++urlWrites;
  urlTimer = setTimeout(async () => {
    const current = linkState();
    const hash = await encodeState(current);
    if (write !== urlWrites) return;
    lastHash = `#${hash}`;
    history.replaceState(null, '', lastHash);
    // The link shown under the header follows the page, once shown.
    if (!ui.shareNote.hidden) ui.shareLink.value = location.href;
    // An edited scenario (no preset) is kept in this browser.
    if (!state.view.preset) {
      try { localStorage.setItem(EDITED_KEY, JSON.stringify(current)); } catch { /* storage off or full */ }
    }
  }, 150);
}

// Says whether the numbers of a link or results file are the ones this
// engine gives (the engine compares model fingerprints); null hides it.
function showIdentity(identity, what = 'This link') {
  ui.identityNote.hidden = !identity;
  if (!identity) { delete ui.identityNote.dataset.identity; ui.identityNote.textContent = ''; return; }
  ui.identityNote.dataset.identity = identity.status;
  ui.identityNote.classList.toggle('differs', identity.status !== 'identical');
  ui.identityNote.textContent = `${what}: ${identity.message}.`;
}

// The scenario last edited in this browser, checked by the engine like a link.
function restoredState() {
  let text = null;
  try { text = localStorage.getItem(EDITED_KEY); } catch { return null; }
  if (!text) return null;
  try {
    const { scenario, view, dropped } = engine.decodeState(text);
    if (!presets.some((p) => p.file === view.preset)) view.preset = '';
    return { scenario, view, dropped };
  } catch {
    try { localStorage.removeItem(EDITED_KEY); } catch { /* storage off */ }
    return null;
  }
}

async function presetState(file) {
  const response = await fetch(`scenarios/${file}`);
  if (!response.ok) throw new Error(`scenarios/${file}: ${response.status}`);
  const scenario = await response.json();
  // A preset may name the metrics its first charts open on (scenarios.json).
  const charts = presets.find((p) => p.file === file)?.charts ?? [];
  return { scenario, view: { ...DEFAULT_VIEW, charts: [...charts], preset: file } };
}

// The state of a link, or the default scenario with a message.
async function stateFromUrl() {
  const hash = location.hash;
  if (hash.length > 1 && !isAnchor(hash)) {
    try {
      // The engine validates the scenario and cleans the view; only the
      // page knows its presets.
      const { scenario, view, identity, dropped } = await decodeState(hash);
      if (!presets.some((p) => p.file === view.preset)) view.preset = '';
      return { state: { scenario, view }, fromLink: true, identity, dropped };
    } catch (e) {
      return { state: await presetState(presets[0].file), problem: `This link's figure cannot be shown: ${e.message}. Showing the default scenario instead.` };
    }
  }
  const restored = restoredState();
  if (restored) {
    const { dropped, ...state } = restored;
    return { state, restored: true, dropped };
  }
  return { state: await presetState(presets[0].file) };
}

// Resolves after the browser has drawn a frame (at most 100 ms, as a
// hidden page draws none): a big change is done in steps between frames,
// so no single frame waits for all of them.
const nextFrame = () => new Promise((resolve) => {
  requestAnimationFrame(() => setTimeout(resolve, 0));
  setTimeout(resolve, 100);
});

async function load(next, problem, fromLink = false, { identity = null, what = 'This link', restored = false, dropped = [] } = {}) {
  state = next;
  const runs = runsByItself(next.scenario);
  linkNote = !fromLink ? ''
    : runs ? ' Results are not stored in links: these were re-run from the link\'s scenario (the same seeds give the same numbers).'
      : ' Results are not stored in links: Run re-runs the link\'s scenario (the same seeds give the same numbers).';
  if (restored) linkNote = ' This is the scenario you last edited, kept in this browser: pick a preset to start afresh.';
  // Settings an earlier version accepted that change nothing for the task
  // (the engine removed them): named, so nothing goes silently.
  if (dropped?.length) linkNote += ` ${dropped.join(', ')}: not read by this task (they change no number), so left out.`;
  showIdentity(identity, what);
  await nextFrame();
  renderForm();
  await nextFrame();
  // New condition cards finish their layout in a step of their own.
  if (await cards.laidOut) await nextFrame();
  // The chart panels for the new scenario, made before its run starts (kept
  // when they have the same metrics: buildCharts); the previous scenario's
  // charts cleared. An invalid scenario builds none: the run says why.
  try { buildCharts(engine.metricTable(state.scenario)); } catch { /* start() reports it */ }
  for (const c of charts) c.clear();
  if (heat) { heat.clear(); heat.panel.hidden = true; }
  await nextFrame();
  // A link, a kept scenario or a file can hold a run of minutes or more:
  // beyond the budgets an edit runs by itself within (runsByItself), it
  // waits for Run, so opening one never ties up a school laptop unasked.
  if (runs) start('run');
  else waitForRun('Not started: this scenario runs longer than the page starts by itself. Press Run to start it.');
  if (problem) showError(problem);
}

// ---- exports and sharing -----------------------------------------------------

// Copy link, the export buttons and the Embed dialog live in
// figure-share.js (shared with the spiking page).

async function openFile() {
  const file = ui.open.files?.[0];
  ui.open.value = '';
  if (!file) return;
  try {
    if (file.size > 1 << 24) throw new Error('the file is larger than 16 MB');
    // The engine tells a scenario from a results file and checks it whole;
    // a results file's scenario is re-run (the same seeds give the same
    // numbers), shown as the file's view says (charts, window, band) when
    // it keeps one.
    const { scenario, identity, view, dropped } = engine.openDocument(await file.text());
    const shown = view ? { ...view, speed: state.view.speed, preset: '' } : { ...state.view, preset: '' };
    await load({ scenario, view: shown }, undefined, false, { identity, what: `The results file ${file.name}`, dropped });
    setStatus(`Opened ${file.name}.`);
  } catch (e) {
    showError(`${file.name}: ${e.message}`);
  }
}

// ---- start-up ----------------------------------------------------------------

function wire() {
  ui.taskKind.replaceChildren(...schemas.task.map((d) => el('option', { value: d.kind, text: d.label })));
  ui.scenario.replaceChildren(el('option', { value: '', text: '(your own settings)' }));
  const themes = new Map();
  for (const p of presets) {
    if (!themes.has(p.theme)) themes.set(p.theme, el('optgroup', { label: p.theme }));
    themes.get(p.theme).append(el('option', { value: p.file, text: p.title }));
  }
  ui.scenario.append(...themes.values());
  ui.scenario.addEventListener('change', async () => {
    if (!ui.scenario.value) return;
    try { await load(await presetState(ui.scenario.value)); } catch (e) { showError(e.message); }
  });
  ui.taskKind.addEventListener('change', () => {
    state.scenario.task = { kind: ui.taskKind.value };
    // The engine removes what the new task's runs do not read (hidden on
    // the cards, and refused by the engine) and names it.
    const { scenario, dropped } = engine.dropUnread(state.scenario);
    state.scenario = scenario;
    renderTask();
    renderModel();
    showRead();
    cards.render();
    changed();
    noteDropped(dropped);
  });
  const intOr = (input, key) => {
    input.addEventListener('change', () => {
      // Letters (the browser reports an empty value): kept as they were.
      if (input.validity.badInput) { input.value = String(getPath(state.scenario, key) ?? engineDefaults()[key]); return; }
      const v = input.value.trim() === '' ? undefined : Number(input.value);
      setPath(state.scenario, key, v);
      // Emptied: the engine's default, shown as the run then uses it.
      if (v === undefined) input.value = String(engineDefaults()[key]);
      changed();
    });
  };
  intOr(ui.seeds, 'seeds');
  intOr(ui.firstSeed, 'first_seed');
  ui.run.addEventListener('click', run);
  ui.pause.addEventListener('click', () => { runner.pause(); updateButtons(); });
  ui.step.addEventListener('click', () => {
    if (runner.state === 'paused' || runner.state === 'running') runner.step();
    else start('step');
    updateButtons();
  });
  ui.reset.addEventListener('click', () => {
    runner.stop();
    for (const c of charts) { c.show(null); const ctx = c.canvas.getContext('2d'); ctx.clearRect(0, 0, c.canvas.width, c.canvas.height); c.readout.textContent = ''; }
    if (heat) heat.panel.hidden = true;
    ui.progress.value = 0;
    showError('');
    setStatus('Reset. Press Run to start again.');
    updateButtons();
  });
  ui.speed.addEventListener('change', () => { state.view.speed = ui.speed.value; runner.setSpeed(ui.speed.value); saveUrl(); });
  ui.open.addEventListener('change', openFile);
  ui.share.addEventListener('click', async () => { lastHash = await shareLink(engine, state, ui, setStatus); });
  ui.title.addEventListener('change', () => {
    const t = ui.title.value.trim().slice(0, 200);
    if (t) state.scenario.name = t; else delete state.scenario.name;
    changed({ title: true });
  });
  new EmbedDialog(() => ({ engine, state, name: lastInfo?.name, table: lastTable }));
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => { for (const c of [...charts, heat]) c?.request(); });
  window.addEventListener('hashchange', async () => {
    if (location.hash === lastHash) return;
    // An in-page link (Skip to the charts): the scenario stays, and so does its link.
    if (isAnchor(location.hash)) {
      if (lastHash) history.replaceState(null, '', lastHash);
      return;
    }
    clearTimeout(urlTimer);
    urlWrites += 1;
    const { state: next, problem, fromLink, identity, dropped } = await stateFromUrl();
    await load(next, problem, fromLink, { identity, dropped });
  });
}

async function main() {
  const wasmUrl = new URL('./pkg/modulab_bg.wasm', import.meta.url);
  const [module, index] = await Promise.all([
    WebAssembly.compileStreaming(fetch(wasmUrl)),
    fetch('scenarios.json').then((r) => r.json()),
  ]);
  await init({ module_or_path: module });
  limits = engine.limits();
  viewBar.limit(limits);
  presets = index.scenarios;
  schemas = {
    task: engine.taskSchema(),
    model: typeof engine.modelSchema === 'function' ? engine.modelSchema() : null,
    condition: typeof engine.conditionSchema === 'function' ? engine.conditionSchema() : null,
  };
  // The condition cards show the fields the scenario's task reads.
  cards = new ConditionCards($('conditions-box'), {
    schema: schemas.condition, limits, scenario: () => state.scenario, changed,
    reads: () => taskDescription(state.scenario.task?.kind).condition_fields,
    lesions: () => engine.lesionsRead(state.scenario.task),
    drugs: () => engine.drugsRead(state.scenario.task),
  });
  runner = new Runner(engine, module, { onUpdate, onProgress, onError });
  const [, first] = await Promise.all([runner.init(), stateFromUrl()]);
  wire();
  // A region edited in the circuit panel goes through the page's state like any condition edit.
  circuit = new CircuitPanel(engine, $('circuit-box'), { state: () => state, runner, conditionSchema: schemas.condition, edited: () => { cards.render(); changed(); } });
  // Exposed for tests and the bench: read-only handles, no engine logic.
  // Set before data-ready, which tests wait on (load() may take a while).
  window.modulab = { runner, get state() { return state; }, charts: () => charts };
  document.body.dataset.ready = 'true';
  await load(first.state, first.problem, first.fromLink, { identity: first.identity, restored: first.restored, dropped: first.dropped });
}

main().catch((e) => {
  showError(`The engine could not start: ${e.message}`);
  setStatus('Not running.');
});
