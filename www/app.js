// The sandbox page. Controls are generated from the engine's field
// descriptions; the engine (wasm) validates, runs (in a Web Worker), draws
// every chart and writes every export. This file only wires them together.
import init, * as engine from './pkg/modulab.js';
import { Runner } from './runner.js';
import { ChartView, whenDrawn } from './charts.js';
import { encodeState, decodeState } from './state.js';
import { el, fieldControl, getPath, setPath, groupFields } from './form.js';
import { CircuitPanel } from './circuit.js';
import { download, downloadPng, slug, linkState as stateOfLink, EmbedDialog } from './figure-share.js';

const $ = (id) => document.getElementById(id);
const ui = {
  scenario: $('scenario'), share: $('share'), shareNote: $('share-note'), shareLink: $('share-link'),
  taskKind: $('task-kind'), taskAbout: $('task-about'), taskFields: $('task-fields'),
  modelFields: $('model-fields'), conditions: $('conditions'), addCondition: $('add-condition'),
  seeds: $('seeds'), firstSeed: $('first-seed'), run: $('run'), pause: $('pause'), step: $('step'),
  reset: $('reset'), speed: $('speed'), progress: $('progress'), status: $('status'), error: $('error'),
  window: $('window'), windowValue: $('window-value'), band: $('band'), charts: $('charts'),
  csv: $('csv'), json: $('json'), scenarioFile: $('scenario-file'), open: $('open'),
  title: $('title'), identityNote: $('identity-note'),
};

// The last scenario the reader edited, kept in this browser and restored
// when the page opens without a state in its URL.
const EDITED_KEY = 'modulab.edited.v1';

const AUTO_RUN_TRIALS = 300000;
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
let lastInfo = null;
let firstChartMarked = false;
// Said while a run started by opening a link (or reloading) is shown:
// links hold the scenario, never results, so these are computed afresh.
let linkNote = '';
// The engine's metric table of the current experiment (for the embed dialog).
let lastTable = null;

const DEFAULT_VIEW = { charts: [], window: 10, band: 'sem', speed: 'fast', preset: '' };

function setStatus(text) { ui.status.textContent = text; }

function showError(message) {
  ui.error.textContent = message ?? '';
  ui.error.hidden = !message;
}

// A metric's axis from the engine's table: {label} for the chart readouts.
const axisOf = (table) => (name) => ({ label: table.metrics.find((m) => m.name === name)?.axis ?? name });

// ---- the scenario as controls ------------------------------------------------

function taskDescription(kind) { return schemas.task.find((d) => d.kind === kind) ?? schemas.task[0]; }

function renderTask() {
  const s = state.scenario;
  const desc = taskDescription(s.task?.kind);
  ui.taskKind.value = desc.kind;
  ui.taskAbout.textContent = desc.about;
  ui.taskFields.replaceChildren(...desc.fields.map((f) => fieldControl(
    f, getPath(s.task, f.name), getPath(desc.defaults, f.name), 'task',
    (v) => { setPath(s.task, f.name, v); changed(); },
  )));
}

function renderModel() {
  const m = schemas.model;
  if (!m) { ui.modelFields.replaceChildren(el('p', { className: 'hint', text: 'This engine describes no model fields.' })); return; }
  state.scenario.model ??= {};
  const model = state.scenario.model;
  ui.modelFields.replaceChildren(...m.fields.map((f) => fieldControl(
    f, getPath(model, f.name), getPath(m.defaults, f.name), 'model',
    (v) => { setPath(model, f.name, v); if (!Object.keys(model).length) delete state.scenario.model; changed(); },
  )));
}

const GROUP_LABEL = { '': 'Other', receptors: 'Receptors (agonist / antagonist)' };
const MODULATORS = ['dopamine', 'acetylcholine', 'norepinephrine', 'serotonin'];

function conditionCard(cond, i, all) {
  const id = `c${i}`;
  const schema = schemas.condition;
  const card = el('article', { className: 'condition' });
  card.setAttribute('aria-labelledby', `${id}-heading`);
  const heading = el('h3', { id: `${id}-heading`, text: `Condition ${i + 1}: ${cond.label ?? 'control'}` });
  const name = el('input', { type: 'text', id: `${id}-label`, value: cond.label ?? 'control', maxLength: 60 });
  name.addEventListener('change', () => { cond.label = name.value; heading.textContent = `Condition ${i + 1}: ${name.value}`; changed(); });
  const dup = el('button', { type: 'button', className: 'small secondary', text: 'Duplicate' });
  dup.setAttribute('aria-label', `Duplicate condition ${i + 1}`);
  dup.disabled = all.length >= limits.max_conditions;
  dup.addEventListener('click', () => {
    const copy = structuredClone(cond);
    copy.label = uniqueLabel(`${cond.label ?? 'control'} copy`);
    all.splice(i + 1, 0, copy);
    renderConditions(i + 1);
    changed();
  });
  const remove = el('button', { type: 'button', className: 'small secondary', text: 'Remove' });
  remove.setAttribute('aria-label', `Remove condition ${i + 1}`);
  remove.disabled = all.length <= 1;
  remove.addEventListener('click', () => { all.splice(i, 1); renderConditions(Math.max(0, i - 1)); changed(); });
  card.append(heading, el('div', { className: 'field' }, el('label', { htmlFor: name.id, text: 'Name' }), name),
    el('div', { className: 'card-buttons' }, dup, remove));
  if (!schema) return card;
  const groups = groupFields(schema.fields);
  const control = (f) => fieldControl(f, getPath(cond, f.name), getPath(schema.defaults, f.name), id,
    (v) => { setPath(cond, f.name, v); summarize(); changed(); });
  // The four modulators first (phasic gain and tone), their other settings
  // folded away, then drugs and lesions, then the rest.
  const mods = el('details', { className: 'group', open: i > 0 || MODULATORS.some((m) => cond[m]) });
  const modSummary = el('summary', { text: 'Modulators' });
  mods.append(modSummary);
  const main = (f) => /\.(gain|tonic_offset)$/.test(f.name);
  const grid = el('div', { className: 'modgrid' });
  const more = el('details', { className: 'group more', open: MODULATORS.some((m) => groups.get(m)?.some((f) => !main(f) && getPath(cond, f.name) !== undefined)) });
  more.append(el('summary', { text: 'Clamp, release and reuptake' }));
  for (const m of MODULATORS) {
    if (!groups.has(m)) continue;
    const name = m[0].toUpperCase() + m.slice(1);
    grid.append(el('fieldset', { className: 'fields two' }, el('legend', { text: name }), ...groups.get(m).filter(main).map(control)));
    const rest = groups.get(m).filter((f) => !main(f));
    if (rest.length) more.append(el('fieldset', { className: 'fields two' }, el('legend', { text: name }), ...rest.map(control)));
  }
  mods.append(grid, more);
  card.append(mods);
  for (const f of groups.get('') ?? []) if (f.kind.type === 'choice_list') card.append(control(f));
  for (const [g, fields] of groups) {
    if (MODULATORS.includes(g)) continue;
    const rest = g === '' ? fields.filter((f) => f.kind.type !== 'choice_list') : fields;
    if (!rest.length) continue;
    const d = el('details', { className: 'group', open: rest.some((f) => getPath(cond, f.name) !== undefined) });
    d.append(el('summary', { text: GROUP_LABEL[g] ?? g }), el('div', { className: 'fields two' }, ...rest.map(control)));
    card.append(d);
  }
  // Which modulators this condition changes, in the summary line.
  function summarize() {
    const changedMods = MODULATORS.filter((m) => cond[m] && Object.keys(cond[m]).length);
    modSummary.textContent = changedMods.length ? `Modulators (changed: ${changedMods.join(', ')})` : 'Modulators (all intact)';
  }
  summarize();
  return card;
}

function uniqueLabel(base) {
  const labels = new Set(state.scenario.conditions.map((c) => c.label ?? 'control'));
  let label = base.slice(0, 60);
  for (let n = 2; labels.has(label); n++) label = `${base.slice(0, 55)} ${n}`;
  return label;
}

function renderConditions(focus) {
  state.scenario.conditions ??= [{ label: 'control' }];
  const all = state.scenario.conditions;
  ui.conditions.replaceChildren(...all.map((c, i) => conditionCard(c, i, all)));
  ui.addCondition.disabled = all.length >= limits.max_conditions;
  if (focus !== undefined) $(`c${focus}-label`)?.focus();
}

function renderForm() {
  const s = state.scenario;
  s.task ??= { kind: schemas.task[0].kind };
  renderTask();
  renderModel();
  renderConditions();
  ui.seeds.value = String(s.seeds ?? 20);
  ui.firstSeed.value = String(s.first_seed ?? 0);
  ui.speed.value = state.view.speed;
  ui.window.value = String(state.view.window);
  ui.windowValue.textContent = String(state.view.window);
  ui.band.value = state.view.band;
  ui.scenario.value = state.view.preset || '';
  circuit?.changed();
  ui.title.value = s.name ?? '';
}

// ---- charts ------------------------------------------------------------------

// A menu of the recorded metrics, grouped as the engine's table says.
function metricSelect(id, table, value) {
  const select = el('select', { id });
  for (const g of table.groups) {
    const ms = table.metrics.filter((m) => m.group === g.id);
    if (!ms.length) continue;
    const og = el('optgroup', { label: g.label });
    og.append(...ms.map((m) => el('option', { value: m.name, text: m.axis })));
    select.append(og);
  }
  select.value = value;
  return select;
}

function buildCharts(exp) {
  const table = exp.metricTable();
  const metrics = table.metrics.map((m) => m.name);
  const wanted = Array.isArray(state.view.charts) ? state.view.charts : [];
  state.view.charts = table.charts.map((c, i) => (metrics.includes(wanted[i]) ? wanted[i] : c.metric));
  const axis = axisOf(table);
  lastTable = table;
  const key = metrics.join(',');
  if (charts.length && charts.key === key) return;
  charts.forEach((c) => c.dispose());
  heat?.dispose();
  ui.charts.replaceChildren();
  charts = state.view.charts.map((metric, i) => {
    const id = `chart-${i}`;
    const select = metricSelect(`${id}-metric`, table, metric);
    const canvas = el('canvas', { id, role: 'img' });
    const readout = el('p', { className: 'readout', id: `${id}-readout` });
    canvas.setAttribute('aria-describedby', readout.id);
    const png = el('button', { type: 'button', className: 'small secondary', text: 'PNG' });
    png.setAttribute('aria-label', `Download chart ${i + 1} as PNG`);
    const title = el('h2', { id: `${id}-title`, text: table.charts[i].title });
    const panel = el('section', { className: 'chart' },
      el('div', { className: 'chart-head' }, title, el('label', { htmlFor: select.id, className: 'visually-hidden', text: `Metric of chart ${i + 1}` }), select, png),
      el('div', { className: 'canvas-box' }, canvas), readout);
    panel.setAttribute('aria-labelledby', title.id);
    ui.charts.append(panel);
    const view = new ChartView(canvas, readout, axis, { metric, window: state.view.window, band: state.view.band });
    view.onDrawn = firstChart;
    select.addEventListener('change', () => { state.view.charts[i] = select.value; runner.setMetrics(state.view.charts); view.set({ metric: select.value }); saveUrl(); });
    png.addEventListener('click', () => downloadPng(canvas, `${slug(lastInfo?.name)}-${select.value}.png`));
    return view;
  });
  charts.key = key;
  // Within-trial dopamine (timed tasks only).
  const canvas = el('canvas', { id: 'chart-heat', role: 'img' });
  const readout = el('p', { className: 'readout' });
  const png = el('button', { type: 'button', className: 'small secondary', text: 'PNG' });
  png.setAttribute('aria-label', 'Download the within-trial dopamine chart as PNG');
  png.addEventListener('click', () => downloadPng(canvas, `${slug(lastInfo?.name)}-dopamine-profiles.png`));
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

function drawAll(exp) {
  const preview = runner.state === 'running';
  for (const c of charts) c.show(exp, preview);
  if (heat) {
    const has = exp.hasProfiles;
    heat.panel.hidden = !has;
    if (has) heat.show(exp);
  }
  circuit?.show(exp);
}

// ---- running -----------------------------------------------------------------

function describeRun(info) {
  return `${info.name || info.task}: ${info.conditions.length} condition(s) × ${info.seeds} seed(s) × ${info.trials} trials`;
}

function onUpdate(exp, msg) {
  const info = lastInfo;
  ui.progress.value = msg.progress;
  const where = runner.usesWorker ? 'in a background worker' : 'on this page';
  if (runner.state === 'done') {
    setStatus(`Done: ${describeRun(info)}, ${where}, in ${(msg.wall / 1000).toFixed(2)} s.${linkNote}`);
  } else if (runner.state === 'paused') {
    setStatus(`Paused at trial ${msg.trialsDone} of ${info.trials}: ${describeRun(info)}.`);
  } else {
    setStatus(`Running ${where}: ${describeRun(info)} — trial ${msg.trialsDone} (${Math.round(msg.progress * 100)} %).${linkNote}`);
  }
  // With reduced motion, charts change only when a run stops.
  if (!reducedMotion.matches || runner.state !== 'running') drawAll(exp);
  updateButtons();
}

function onProgress(msg) {
  ui.progress.value = msg.progress;
}

function onError(message) {
  showError(message);
  setStatus('Stopped by an error.');
  updateButtons();
}

function updateButtons() {
  const st = runner?.state ?? 'idle';
  const exp = runner?.experiment;
  ui.run.textContent = st === 'paused' ? 'Resume' : 'Run';
  ui.pause.disabled = st !== 'running';
  ui.step.disabled = st === 'done';
  const has = !!exp && exp.trialsDone > 0;
  ui.csv.disabled = !has;
  ui.json.disabled = !has;
  ui.scenarioFile.disabled = !exp;
  // "done" and "paused" once the charts show the final numbers.
  const id = runner?.id;
  if (st === 'done' || st === 'paused') whenDrawn().then(() => { if (runner.id === id && runner.state === st) document.body.dataset.state = st; });
  else document.body.dataset.state = st;
}

// Builds and starts the scenario; false when the engine refuses it.
function start(mode = 'run') {
  clearTimeout(changeTimer);
  showError('');
  let exp;
  try {
    exp = runner.start(state.scenario, { speed: state.view.speed, mode, metrics: state.view.charts });
  } catch (e) {
    showError(e.message);
    setStatus('Fix the setting named above, then press Run.');
    updateButtons();
    return false;
  }
  lastInfo = exp.info();
  buildCharts(exp);
  runner.setMetrics(state.view.charts);
  for (const c of charts) c.show(null);
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
function totalTrials(s) {
  try { return engine.totalTrials(JSON.stringify(s)); } catch { return 0; }
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
    if (totalTrials(state.scenario) <= AUTO_RUN_TRIALS) start('run');
    else setStatus('Settings changed: press Run to see them.');
  }, 350);
}

// ---- URL state ---------------------------------------------------------------

let urlTimer = null;
let lastHash = '';

// The state a link (or the browser's copy) holds (figure-share.js).
const linkState = () => stateOfLink(engine, state);

function saveUrl() {
  clearTimeout(urlTimer);
  urlTimer = setTimeout(async () => {
    const current = linkState();
    const hash = await encodeState(current);
    lastHash = `#${hash}`;
    history.replaceState(null, '', lastHash);
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
    const { scenario, view } = engine.decodeState(text);
    if (!presets.some((p) => p.file === view.preset)) view.preset = '';
    return { scenario, view };
  } catch {
    try { localStorage.removeItem(EDITED_KEY); } catch { /* storage off */ }
    return null;
  }
}

async function presetState(file) {
  const response = await fetch(`scenarios/${file}`);
  if (!response.ok) throw new Error(`scenarios/${file}: ${response.status}`);
  const scenario = await response.json();
  return { scenario, view: { ...DEFAULT_VIEW, preset: file } };
}

// The state of a link, or the default scenario with a message.
async function stateFromUrl() {
  const hash = location.hash;
  if (hash.length > 1) {
    try {
      // The engine validates the scenario and cleans the view; only the
      // page knows its presets.
      const { scenario, view, identity } = await decodeState(hash);
      if (!presets.some((p) => p.file === view.preset)) view.preset = '';
      return { state: { scenario, view }, fromLink: true, identity };
    } catch (e) {
      return { state: await presetState(presets[0].file), problem: `This link's figure cannot be shown: ${e.message}. Showing the default scenario instead.` };
    }
  }
  const restored = restoredState();
  if (restored) return { state: restored, restored: true };
  return { state: await presetState(presets[0].file) };
}

// Resolves after the browser has drawn a frame (at most 100 ms, as a
// hidden page draws none): a big change is done in steps between frames,
// so no single frame waits for all of them.
const nextFrame = () => new Promise((resolve) => {
  requestAnimationFrame(() => setTimeout(resolve, 0));
  setTimeout(resolve, 100);
});

async function load(next, problem, fromLink = false, { identity = null, what = 'This link', restored = false } = {}) {
  state = next;
  linkNote = fromLink ? ' Results are not stored in links: these were re-run from the link\'s scenario (the same seeds give the same numbers).' : '';
  if (restored) linkNote = ' This is the scenario you last edited, kept in this browser: pick a preset to start afresh.';
  showIdentity(identity, what);
  await nextFrame();
  renderForm();
  charts.forEach((c) => c.dispose());
  charts = [];
  await nextFrame();
  start('run');
  if (problem) showError(problem);
}

// ---- exports and sharing -----------------------------------------------------

// Exports every trial run so far. A run still going is paused first (the
// worker then sends every metric, not just the charted ones); a run that
// has not finished is exported as it is, named and marked partial.
async function exportResults(suffix, type, write) {
  if (runner.state === 'running') { runner.pause(); updateButtons(); }
  await runner.settled();
  const exp = runner.experiment;
  if (!exp) return;
  try {
    const partial = !exp.done;
    const name = `${slug(lastInfo?.name)}${partial ? `-partial-${exp.trialsDone}-of-${lastInfo.trials}` : ''}${suffix}`;
    download(name, new Blob([write(exp)], { type }));
    setStatus(partial
      ? `Exported a partial run: trials 1–${exp.trialsDone} of ${lastInfo.trials} of every condition and seed (${name}). Press Resume to finish it.`
      : `Exported ${name}.`);
  } catch (e) {
    showError(`Export failed: ${e.message}`);
  }
}

async function share() {
  const hash = await encodeState(linkState());
  history.replaceState(null, '', `#${hash}`);
  lastHash = `#${hash}`;
  const link = location.href;
  ui.shareLink.value = link;
  ui.shareNote.hidden = false;
  try {
    await navigator.clipboard.writeText(link);
    setStatus('Link copied: it reproduces this figure exactly.');
  } catch {
    ui.shareLink.select();
    setStatus('Copy the link shown under the scenario picker.');
  }
}

// The Embed dialog lives in figure-share.js (shared with the spiking page).

async function openFile() {
  const file = ui.open.files?.[0];
  ui.open.value = '';
  if (!file) return;
  try {
    if (file.size > 1 << 24) throw new Error('the file is larger than 16 MB');
    // The engine tells a scenario from a results file and checks it whole;
    // a results file's scenario is re-run (the same seeds give the same numbers).
    const { scenario, identity } = engine.openDocument(await file.text());
    await load({ scenario, view: { ...state.view, preset: '' } }, undefined, false, { identity, what: `The results file ${file.name}` });
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
    renderTask();
    changed();
  });
  ui.addCondition.addEventListener('click', () => {
    const all = state.scenario.conditions;
    all.push({ label: uniqueLabel(`condition ${all.length + 1}`) });
    renderConditions(all.length - 1);
    changed();
  });
  const intOr = (input, key) => {
    input.addEventListener('change', () => {
      const v = input.value.trim() === '' ? undefined : Number(input.value);
      setPath(state.scenario, key, v);
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
  ui.window.addEventListener('input', () => {
    state.view.window = Number(ui.window.value);
    ui.windowValue.textContent = ui.window.value;
    for (const c of charts) c.set({ window: state.view.window });
    saveUrl();
  });
  ui.band.addEventListener('change', () => { state.view.band = ui.band.value; for (const c of charts) c.set({ band: ui.band.value }); saveUrl(); });
  ui.csv.addEventListener('click', () => exportResults('.csv', 'text/csv', (exp) => exp.csv()));
  ui.json.addEventListener('click', () => exportResults('-results.json', 'application/json', (exp) => exp.resultsJson()));
  ui.scenarioFile.addEventListener('click', () => download(`${slug(lastInfo?.name)}.json`, new Blob([runner.experiment.scenarioJson()], { type: 'application/json' })));
  ui.open.addEventListener('change', openFile);
  ui.share.addEventListener('click', share);
  ui.title.addEventListener('change', () => {
    const t = ui.title.value.trim().slice(0, 200);
    if (t) state.scenario.name = t; else delete state.scenario.name;
    changed({ title: true });
  });
  new EmbedDialog(() => ({ engine, state, name: lastInfo?.name, table: lastTable }));
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => { for (const c of [...charts, heat]) c?.request(); });
  window.addEventListener('hashchange', async () => {
    if (location.hash === lastHash) return;
    const { state: next, problem, fromLink, identity } = await stateFromUrl();
    await load(next, problem, fromLink, { identity });
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
  ui.window.max = String(limits.max_window);
  presets = index.scenarios;
  schemas = {
    task: engine.taskSchema(),
    model: typeof engine.modelSchema === 'function' ? engine.modelSchema() : null,
    condition: typeof engine.conditionSchema === 'function' ? engine.conditionSchema() : null,
  };
  runner = new Runner(engine, module, { onUpdate, onProgress, onError });
  const [, first] = await Promise.all([runner.init(), stateFromUrl()]);
  wire();
  // A region edited in the circuit panel goes through the page's state like any condition edit.
  circuit = new CircuitPanel(engine, $('circuit-box'), { state: () => state, runner, conditionSchema: schemas.condition, edited: () => { renderConditions(); changed(); } });
  document.body.dataset.ready = 'true';
  await load(first.state, first.problem, first.fromLink, { identity: first.identity, restored: first.restored });
  // Exposed for tests and the bench: read-only handles, no engine logic.
  window.modulab = { runner, get state() { return state; }, charts: () => charts };
}

main().catch((e) => {
  showError(`The engine could not start: ${e.message}`);
  setStatus('Not running.');
});
