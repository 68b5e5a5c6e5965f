// <modulab-figure>: one live ModuLab figure inside any page, in a shadow
// root, several per page. The engine runs the scenario (in a Web Worker
// where one can start) and draws the chart; styles come from a
// constructable stylesheet, so a strict Content-Security-Policy
// (style-src 'self') holds.
//
//   <script type="module" src="modulab/modulab-figure.js"></script>
//   <modulab-figure scenario="modulab/scenarios/bandit.json" metric="correct"></modulab-figure>
//
// Attributes: scenario (URL of a scenario file, or of a results file, whose
// stored runs are shown as they are, in the view the page exported it with
// unless metric, window or band say otherwise; Run again re-runs its
// scenario), state (a
// page link's hash, `#v1.…`), metric, window (smoothing, trials), band
// (sem | ci95), speed (slow | medium | fast), autorun (default on; "false"
// waits for the Run button), label (accessible name of the figure), view
// ("circuit": the engine's circuit diagram with the levels the run recorded,
// instead of a chart; www/circuit.js) with condition (from 0),
// worker ("false": run on the page), engine-version and fingerprint (what the figure was made with: the page's
// Embed dialog writes them; the figure says whether its numbers are identical).
// Children (e.g. a fallback <img>) show where JavaScript does not run, and
// where the engine cannot start.
import init, * as engine from './pkg/modulab.js';
import { Runner } from './runner.js';
import { ChartView } from './charts.js';
import { decodeState } from './state.js';
import { CircuitFigure } from './circuit.js';

let booted = null;
// Compiles the wasm once for every figure on the page (and their workers).
function boot() {
  booted ??= (async () => {
    const module = await WebAssembly.compileStreaming(fetch(new URL('./pkg/modulab_bg.wasm', import.meta.url)));
    await init({ module_or_path: module });
    return module;
  })();
  return booted;
}

const CSS = `
:host { display: block; font: 14px/1.4 system-ui, sans-serif; color: var(--modulab-fg, CanvasText); }
:host([hidden]) { display: none; }
.box { position: relative; width: 100%; height: var(--modulab-height, 300px); border: 1px solid color-mix(in srgb, currentColor 20%, transparent); border-radius: 6px; overflow: hidden; }
canvas { display: block; width: 100%; height: 100%; touch-action: pan-y; }
.bar { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; margin-top: 0.3rem; }
button, select { font: inherit; font-size: 0.85rem; padding: 0.15rem 0.55rem; border-radius: 5px; border: 1px solid color-mix(in srgb, currentColor 35%, transparent); background: Canvas; color: CanvasText; }
button:focus-visible, select:focus-visible, canvas:focus-visible { outline: 3px solid #0072b2; outline-offset: 2px; }
.status, .readout { margin: 0.2rem 0 0; font-size: 0.8rem; opacity: 0.85; font-variant-numeric: tabular-nums; }
.error { color: light-dark(#b3261e, #ffb4a8); font-size: 0.85rem; margin: 0.3rem 0 0; }
.ident { margin: 0.2rem 0 0; font-size: 0.75rem; opacity: 0.75; }
.ident.differs { opacity: 1; border-left: 3px solid #d55e00; padding-left: 0.4rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;
let sheet = null;
function styles() {
  if (!sheet) { sheet = new CSSStyleSheet(); sheet.replaceSync(CSS); }
  return sheet;
}

let counter = 0;

export class ModulabFigure extends HTMLElement {
  static observedAttributes = ['scenario', 'state', 'metric', 'window', 'band', 'fingerprint', 'engine-version', 'label'];

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [styles()];
    const n = ++counter;
    const mk = (tag, props = {}) => Object.assign(document.createElement(tag), props);
    this.canvas = mk('canvas', { role: 'img' });
    this.readout = mk('p', { className: 'readout', id: `readout-${n}` });
    this.canvas.setAttribute('aria-describedby', this.readout.id);
    this.status = mk('p', { className: 'status' });
    this.status.setAttribute('role', 'status');
    this.status.setAttribute('aria-live', 'polite');
    this.error = mk('p', { className: 'error', hidden: true });
    this.error.setAttribute('role', 'alert');
    // The engine version and model fingerprint of what is shown, and
    // whether they are the ones the figure was made with.
    this.ident = mk('p', { className: 'ident' });
    // The host's fallback (children), shown only when the engine cannot start.
    this.fallback = mk('div', { className: 'fallback', hidden: true });
    this.fallback.append(mk('slot'));
    this.runButton = mk('button', { type: 'button', textContent: 'Run again' });
    this.metricSelect = mk('select', { id: `metric-${n}` });
    const metricLabel = mk('label', { htmlFor: this.metricSelect.id, textContent: 'Metric', className: 'visually-hidden' });
    const box = mk('div', { className: 'box' });
    box.append(this.canvas);
    const bar = mk('div', { className: 'bar' });
    bar.append(this.runButton, metricLabel, this.metricSelect, this.status);
    this.live = mk('div', { className: 'live' });
    this.live.append(box, this.readout, bar, this.error, this.ident);
    root.append(this.live, this.fallback);
    this.runButton.addEventListener('click', () => this.run());
    this.metricSelect.addEventListener('change', () => this.setAttribute('metric', this.metricSelect.value));
  }

  connectedCallback() {
    if (!this.hasAttribute('role')) this.setAttribute('role', 'figure');
    if (this.getAttribute('label')) this.setAttribute('aria-label', this.getAttribute('label'));
    // view="circuit": the engine's circuit diagram instead of a chart (circuit.js).
    if (this.getAttribute('view') === 'circuit') this.circuit ??= new CircuitFigure(this);
    this.load();
  }

  disconnectedCallback() {
    this.stored?.free();
    this.stored = null;
    this.runner?.stop();
    this.runner?.worker?.terminate();
    this.view?.dispose();
    this.runner = null;
    this.view = null;
    this.loaded = null;
  }

  attributeChangedCallback(name) {
    if (name === 'label') {
      if (this.getAttribute('label')) this.setAttribute('aria-label', this.getAttribute('label'));
      else this.removeAttribute('aria-label');
      return;
    }
    if (!this.view) return;
    if (name === 'scenario' || name === 'state') { this.loaded = null; this.load(); return; }
    if (name === 'fingerprint' || name === 'engine-version') { this.showIdentity(); return; }
    this.view.set(this.viewOptions());
    this.metricSelect.value = this.view.opts.metric;
    this.showError('');
    this.showAttributeProblems();
  }

  // The experiment shown: a run, or the stored runs of a results file.
  get experiment() { return this.runner?.experiment ?? this.stored ?? null; }

  viewOptions() {
    const w = Number(this.getAttribute('window') ?? this.viewState?.window ?? 10);
    const band = this.getAttribute('band') ?? this.viewState?.band;
    const metrics = this.experiment?.metrics() ?? [];
    let metric = this.getAttribute('metric') ?? this.viewState?.charts?.[0] ?? 'correct';
    if (metrics.length && !metrics.includes(metric)) metric = metrics.includes('correct') ? 'correct' : metrics[0];
    return {
      metric,
      window: Number.isInteger(w) && w >= 1 && w <= engine.limits().max_window ? w : 10,
      band: band === 'ci95' ? 'ci95' : 'sem',
    };
  }

  // What is wrong with the attributes the author wrote: each bad one is
  // replaced by its default, and said under the figure, so the figure shown
  // is never silently another than the one asked for.
  attributeProblems() {
    const problems = [];
    const bad = (name, ok, expected) => {
      const v = this.getAttribute(name);
      if (v !== null && !ok(v)) problems.push(`${name}="${v}": ${expected}`);
    };
    const oneOf = (...values) => (v) => values.includes(v);
    const metrics = this.experiment?.metrics() ?? [];
    bad('metric', (v) => !metrics.length || metrics.includes(v), `not recorded by this scenario (it records ${metrics.join(', ')})`);
    const max = engine.limits().max_window;
    bad('window', (v) => { const w = Number(v); return Number.isInteger(w) && w >= 1 && w <= max; }, `expected a whole number within [1, ${max}]`);
    bad('band', oneOf('sem', 'ci95'), 'expected sem or ci95');
    bad('speed', oneOf('slow', 'medium', 'fast'), 'expected slow, medium or fast');
    bad('autorun', oneOf('true', 'false'), 'expected true or false');
    bad('worker', oneOf('true', 'false'), 'expected true or false');
    bad('view', oneOf('chart', 'circuit'), 'expected chart or circuit');
    const count = this.experiment?.conditions().length;
    if (count) bad('condition', (v) => { const n = Number(v); return Number.isInteger(n) && n >= 0 && n < count; }, `expected a whole number within [0, ${count - 1}] (the scenario's conditions, from 0)`);
    return problems;
  }

  // Says the attributes' problems under the figure (nothing if none).
  showAttributeProblems() {
    const problems = this.attributeProblems();
    if (problems.length) this.showError(`${problems.join('; ')}; the default is shown instead.`);
  }

  showError(message) {
    this.error.textContent = message ?? '';
    this.error.hidden = !message;
  }

  // Reads the scenario (attribute `state` or `scenario`) and runs it.
  async load() {
    if (this.loaded) return this.loaded;
    this.loaded = (async () => {
      delete this.dataset.state;
      this.status.textContent = 'Loading…';
      this.showError('');
      let module;
      try {
        module = await boot();
      } catch (e) {
        this.showError(`The engine could not start: ${e.message}`);
        // The host's fallback image, if it gave one, stands in for the figure.
        if (this.children.length) { this.live.hidden = true; this.fallback.hidden = false; }
        return;
      }
      try {
        const state = this.getAttribute('state');
        if (state) {
          const decoded = await decodeState(state);
          this.scenario = decoded.scenario;
          this.viewState = decoded.view;
          this.linkIdentity = decoded.identity;
        } else {
          const src = this.getAttribute('scenario');
          if (!src) throw new Error('no scenario: set the scenario attribute to a scenario file');
          const response = await fetch(new URL(src, document.baseURI));
          if (!response.ok) throw new Error(`${src}: ${response.status}`);
          const text = await response.text();
          // The engine tells a scenario from a results file and checks it whole.
          const doc = engine.openDocument(text);
          this.scenario = doc.scenario;
          // A results file the page exported keeps its view (first chart,
          // window, band), as `modulab figure` draws it.
          this.viewState = doc.view ?? null;
          this.linkIdentity = doc.identity ?? null;
          this.stored?.free();
          this.stored = doc.kind === 'results' ? engine.Experiment.fromResults(text) : null;
        }
        engine.validateScenario(JSON.stringify(this.scenario));
        this.showIdentity();
      } catch (e) {
        this.status.textContent = 'Not running.';
        this.showError(`This figure cannot be shown: ${e.message}`);
        return;
      }
      if (!this.runner) {
        this.runner = new Runner(engine, module, {
          onUpdate: (exp, msg) => this.update(exp, msg),
          onError: (m) => this.showError(m),
          worker: this.getAttribute('worker') !== 'false',
        });
        await this.runner.init();
      }
      this.view ??= new ChartView(this.canvas, this.readout, (m) => ({ label: this.table?.metrics.find((x) => x.name === m)?.axis ?? m }), {});
      if (this.stored) this.showStored();
      else if (this.getAttribute('autorun') !== 'false') this.run();
      else {
        // Nothing has run: the button says Run, and the metric menu lists
        // what the run will record (the engine's table of the scenario).
        this.runButton.textContent = 'Run';
        try { this.fillMetrics(engine.metricTable(this.scenario)); } catch { /* run() says it */ }
        this.status.textContent = 'Ready: press Run.';
      }
    })();
    return this.loaded;
  }

  // What the figure shows (engine version, model fingerprint) and whether it
  // is what it was made with: the fingerprint and engine-version attributes
  // when given, else the identity a state link or results file carries.
  showIdentity() {
    if (!this.scenario) return;
    let id;
    try {
      const text = JSON.stringify(this.scenario);
      const now = engine.identity(text);
      const fp = this.getAttribute('fingerprint');
      const check = fp
        ? engine.checkIdentity(text, { engine_version: this.getAttribute('engine-version') ?? '', fingerprint: fp })
        : this.linkIdentity;
      id = { now, check };
    } catch {
      return;
    }
    this.identity = id;
    const base = `ModuLab ${id.now.engine_version}, model fingerprint ${id.now.fingerprint}`;
    const differs = id.check && id.check.status !== 'identical';
    this.ident.classList.toggle('differs', !!differs);
    this.ident.dataset.identity = id.check?.status ?? 'none';
    const status = id.check?.status;
    this.ident.textContent = status === 'differs' ? `${base}. This figure was ${id.check.message}.`
      : status === 'unknown' ? `${base}. Its source carries no model fingerprint: its numbers may differ from the ones its author saw.`
        : status === 'identical' ? `${base}: the numbers its author saw.` : `${base}.`;
  }

  // Fills the metric menu from the engine's table of `exp`.
  setMetrics(exp) {
    this.fillMetrics(exp.metricTable());
    this.runButton.textContent = 'Run again';
    this.info = exp.info();
    this.showAttributeProblems();
  }

  // The metric menu from a metric table, the chart set to its options.
  fillMetrics(table) {
    this.table = table;
    const opts = this.viewOptions();
    this.metricSelect.replaceChildren(...this.table.metrics.map((m) => Object.assign(document.createElement('option'), { value: m.name, textContent: m.axis })));
    this.metricSelect.value = opts.metric;
    this.view.set(opts);
  }

  // Shows the runs of a results file as they were stored (nothing runs).
  showStored() {
    const exp = this.stored;
    this.setMetrics(exp);
    if (this.circuit) { this.circuit.update(exp, null, true); return; }
    this.view.show(exp);
    const i = this.info;
    this.status.textContent = `Stored results: ${i.conditions.length} condition(s) × ${i.seeds} seeds × ${exp.trialsDone} of ${i.trials} trials.`;
    this.doneWhenDrawn(() => this.stored === exp);
  }

  // Sets data-state="done" and fires modulab-done once the final chart is
  // on the canvas (drawn, and a frame later), if `still()` then holds: "done"
  // means drawn, not only computed.
  doneWhenDrawn(still) {
    const view = this.view;
    view.drawn().then(() => {
      if (this.view !== view || !still() || this.dataset.state === 'done') return;
      this.dataset.state = 'done';
      this.dispatchEvent(new CustomEvent('modulab-done', { bubbles: true }));
    });
  }

  run() {
    if (!this.runner || !this.scenario) return;
    this.stored?.free();
    this.stored = null;
    this.showError('');
    let exp;
    try {
      const speed = ['slow', 'medium', 'fast'].includes(this.getAttribute('speed')) ? this.getAttribute('speed') : 'fast';
      exp = this.runner.start(this.scenario, { speed });
    } catch (e) {
      this.showError(e.message);
      return;
    }
    this.setMetrics(exp);
    this.view.show(null);
    // The worker draws the chart while the run goes on (charts.js).
    this.runner.setPreviews([this.view.previewSpec()]);
    this.status.textContent = 'Running…';
    this.dataset.state = 'running';
  }

  update(exp, msg) {
    const st = this.runner.state;
    if (this.circuit) { this.circuit.update(exp, msg, st === 'done'); return; }
    // The chart as the worker drew it from this snapshot, when it did.
    const [p, ...rest] = msg.previews ?? [];
    rest.forEach((q) => q?.bitmap.close());
    this.view.show(exp, st === 'running', p?.bitmap, p?.last, p?.key);
    this.runner.setPreviews(st === 'running' ? [this.view.previewSpec()] : null);
    this.status.textContent = st === 'done'
      ? `${this.info.conditions.length} condition(s) × ${this.info.seeds} seeds × ${this.info.trials} trials.`
      : `Running: ${Math.round(msg.progress * 100)} %`;
    if (st === 'done') {
      const runner = this.runner;
      const id = runner.id;
      this.doneWhenDrawn(() => this.runner === runner && runner.id === id && runner.state === 'done');
    } else {
      this.dataset.state = st;
    }
  }
}

if (!customElements.get('modulab-figure')) customElements.define('modulab-figure', ModulabFigure);
