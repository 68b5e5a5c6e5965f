// The circuit: the engine's diagram (nuclei, regions, projections; each
// region's receptors, and during a run the levels it receives) inserted as
// the SVG the engine writes, and a small editor for one region under one
// condition (lesion, local receptor changes, local drugs). Nothing is drawn
// or computed here: the engine writes the SVG (`circuitSvg`,
// `Experiment.circuitSvg`), describes the regions (`circuitView`), and
// validates every edit (`validateScenario`). Used by the page (app.js,
// `CircuitPanel`) and by <modulab-figure view="circuit"> (`CircuitFigure`).
import { el, fieldControl } from './form.js';

// ---- the engine's SVG into a document or shadow root --------------------------

// The engine's <style> text, scoped to the diagram, as a constructable
// stylesheet: an inline <style> would be refused by style-src 'self'.
const sheets = new Map();
function adoptStyle(root, text) {
  let sheet = sheets.get(text);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(`@scope (svg.modulab-circuit) { ${text} }`);
    sheets.set(text, sheet);
  }
  const owner = root.adoptedStyleSheets ? root : document;
  if (!owner.adoptedStyleSheets.includes(sheet)) {
    owner.adoptedStyleSheets = [...owner.adoptedStyleSheets.filter((s) => ![...sheets.values()].includes(s)), sheet];
  }
}

// Puts the engine's SVG text into `container` (whose root node is `root`:
// the document or a shadow root); returns the <svg> element.
export function insertSvg(container, text, root = document) {
  // The <style> is taken out before parsing: even a parsed, detached
  // <style> is refused (and reported) under style-src 'self'.
  const drawing = text.replace(/<style>([^<]*)<\/style>/g, (_, css) => { adoptStyle(root, css); return ''; });
  const doc = new DOMParser().parseFromString(drawing, 'image/svg+xml');
  const svg = doc.documentElement;
  if (svg.localName !== 'svg' || doc.querySelector('parsererror')) throw new Error('the engine\'s diagram could not be read');
  // The engine writes none; dropped all the same, so only drawing is inserted.
  for (const bad of svg.querySelectorAll('script, foreignObject')) bad.remove();
  const node = document.importNode(svg, true);
  container.replaceChildren(node);
  return node;
}

// Resolves after the browser has drawn a frame (at most 100 ms: a hidden
// page draws none).
const nextFrame = () => new Promise((resolve) => {
  requestAnimationFrame(() => setTimeout(resolve, 0));
  setTimeout(resolve, 100);
});

// The scenario's conditions, the default one when it names none.
const conditionsOf = (scenario) => (Array.isArray(scenario?.conditions) && scenario.conditions.length ? scenario.conditions : [{ label: 'control' }]);
const conditionName = (c, i) => `${i + 1}: ${c?.label ?? 'control'}`;

// A local setting left at its default is removed, and so is an object left empty.
function tidy(cond, region) {
  const local = cond.regions?.[region];
  if (local) {
    for (const [r, v] of Object.entries(local.receptors ?? {})) {
      for (const k of Object.keys(v)) if (v[k] === undefined) delete v[k];
      if (!Object.keys(v).length) delete local.receptors[r];
    }
    if (local.receptors && !Object.keys(local.receptors).length) delete local.receptors;
    if (Array.isArray(local.drugs) && !local.drugs.length) delete local.drugs;
    if (!Object.keys(local).length) delete cond.regions[region];
  }
  if (cond.regions && !Object.keys(cond.regions).length) delete cond.regions;
  if (Array.isArray(cond.lesions) && !cond.lesions.length) delete cond.lesions;
}

const fmt = (v) => (Number.isFinite(v) ? String(Number(v.toFixed(3))) : '–');

// ---- the page's panel -------------------------------------------------------

export class CircuitPanel {
  // engine: the wasm module's exports; details: the <details> holding the
  // panel; hooks: {state() → {scenario}, runner, conditionSchema,
  // edited() (the scenario was changed here: the page re-renders its
  // controls, saves the link and re-runs, as for any other edit)}.
  constructor(engine, details, { state, runner, conditionSchema, edited }) {
    this.engine = engine;
    this.details = details;
    this.getState = state;
    this.runner = runner;
    this.drugField = conditionSchema?.fields.find((f) => f.name === 'drugs') ?? null;
    this.edited = edited;
    this.index = 0;
    this.region = null;
    // The runner's run id when the scenario last changed: a run started
    // before then shows another scenario, so it is not drawn here.
    this.changeId = -1;
    this.lastDraw = 0;
    const box = details.querySelector('.circuit-body') ?? details;
    this.select = el('select', { id: 'circuit-condition' });
    this.svgBox = el('div', { className: 'circuit-svg', id: 'circuit-svg' });
    this.note = el('p', { className: 'hint', id: 'circuit-note' });
    this.problem = el('p', { className: 'circuit-problem', hidden: true });
    this.editor = el('form', { className: 'region-editor', id: 'region-editor', hidden: true, noValidate: true });
    this.editor.setAttribute('aria-label', 'Region settings');
    box.append(
      el('div', { className: 'circuit-bar' }, el('label', { htmlFor: this.select.id, text: 'Condition' }), this.select),
      el('p', { className: 'hint', text: 'Select a region (click it, or Tab to it and press Enter) to lesion it, change its receptors or infuse a drug into it in this condition.' }),
      this.svgBox, this.note, this.problem, this.editor,
    );
    this.select.addEventListener('change', () => {
      this.index = Number(this.select.value);
      this.draw();
      if (this.region) this.openEditor(this.region, false);
    });
    this.svgBox.addEventListener('click', (e) => {
      const g = e.target.closest?.('[data-region]');
      if (g) this.openEditor(g.dataset.region, true);
    });
    this.svgBox.addEventListener('keydown', (e) => {
      const g = e.target.closest?.('[data-region]');
      if (!g || (e.key !== 'Enter' && e.key !== ' ')) return;
      e.preventDefault();
      this.openEditor(g.dataset.region, true);
    });
    this.editor.addEventListener('submit', (e) => e.preventDefault());
    this.editor.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); this.closeEditor(); } });
    details.addEventListener('toggle', () => {
      this.runner.setExtraMetrics?.(details.open ? this.engine.circuitMetrics() : []);
      if (details.open) this.refresh();
    });
    this.changed();
  }

  get scenario() { return this.getState()?.scenario; }

  // The scenario changed (any edit, a preset, a link): the condition menu,
  // the diagram (without levels until a run of it reports) and the editor.
  changed() {
    this.changeId = this.runner.id;
    this.refresh();
  }

  // The condition menu, the diagram (from the run when it is of this
  // scenario) and the open editor, as the scenario now is.
  refresh() {
    const conds = conditionsOf(this.scenario);
    if (this.index >= conds.length) this.index = 0;
    this.select.replaceChildren(...conds.map((c, i) => el('option', { value: String(i), text: conditionName(c, i) })));
    this.select.value = String(this.index);
    this.draw();
    if (this.region) {
      // Not rebuilt under the keyboard: an edit made in it only updates its figures.
      if (this.applying || this.editor.contains(document.activeElement)) this.updateFigures(); else this.openEditor(this.region, false);
    }
  }

  // A run reported (the page's chart refresh): the diagram with the levels
  // recorded so far, at a modest rate while running.
  show(exp) {
    if (!this.details.open || !exp || this.runner.id <= this.changeId) return;
    const now = performance.now();
    if (this.runner.state === 'running' && now - this.lastDraw < 250) return;
    this.draw(exp);
  }

  // Draws from the run `exp` when given (or the current run, if it is of
  // this scenario), else from the scenario alone.
  draw(exp = null) {
    if (!this.details.open) return;
    this.lastDraw = performance.now();
    const run = exp ?? (this.runner.id > this.changeId ? this.runner.experiment : null);
    let text;
    try {
      text = run ? run.circuitSvg(this.index, 0) : this.engine.circuitSvg(this.scenario, this.index);
    } catch (e) {
      this.problem.textContent = `The circuit cannot be drawn: ${e.message}`;
      this.problem.hidden = false;
      return;
    }
    this.problem.hidden = true;
    const focused = this.svgBox.contains(document.activeElement) ? document.activeElement.dataset?.region : null;
    const svg = insertSvg(this.svgBox, text);
    this.svgBox.dataset.levels = run ? 'run' : 'scenario';
    this.note.textContent = run
      ? `Levels: the mean over seeds at the latest trial recorded (trial ${run.trialsDone}${run.done ? ', the last' : ', so far'}).`
      : 'Before a run: each receptor\'s efficacy. Run to see the levels each region receives.';
    for (const g of svg.querySelectorAll('[data-region]')) {
      const open = g.dataset.region === this.region;
      g.setAttribute('aria-expanded', String(open));
      g.setAttribute('aria-controls', this.editor.id);
      g.classList.toggle('selected', open);
    }
    if (focused) svg.querySelector(`[data-region="${CSS.escape(focused)}"]`)?.focus();
  }

  regionGroup(name) { return this.svgBox.querySelector(`[data-region="${CSS.escape(name)}"]`); }

  // The engine's view of region `name` under the selected condition, or
  // null (with the engine's message shown) when the scenario is refused.
  view(name) {
    try {
      return this.engine.circuitView(this.scenario, this.index).regions.find((r) => r.name === name) ?? null;
    } catch (e) {
      this.say(e.message, true);
      return null;
    }
  }

  say(text, error = false) {
    if (!this.status) return;
    this.status.textContent = text;
    this.status.classList.toggle('error', error);
  }

  // Writes an edit into the condition the page holds, then asks the engine
  // whether the scenario is still valid and says so.
  apply(mutate, control, what) {
    const s = this.scenario;
    s.conditions ??= [{ label: 'control' }];
    const cond = s.conditions[this.index];
    if (!cond) return;
    mutate(cond);
    tidy(cond, this.region);
    let problem = null;
    try { this.engine.validateScenario(s); } catch (e) { problem = e.message; }
    if (control) { if (problem) control.setAttribute('aria-invalid', 'true'); else control.removeAttribute('aria-invalid'); }
    // The page re-renders and calls changed(): the editor, where this edit
    // was made, is not rebuilt under the keyboard (a change fires on blur,
    // when focus is on its way to the next field).
    this.applying = true;
    try { this.edited(); } finally { this.applying = false; }
    if (problem) this.say(problem, true); else this.say(`${what} (condition ${conditionName(cond, this.index)}).`);
  }

  local(cond, make = false) {
    if (make) { cond.regions ??= {}; cond.regions[this.region] ??= {}; }
    return cond.regions?.[this.region];
  }

  // Opens the editor of region `name` under the selected condition; focus
  // moves into it when `focus`.
  openEditor(name, focus) {
    const view = this.view(name);
    if (!view) return;
    this.region = name;
    const cond = conditionsOf(this.scenario)[this.index] ?? {};
    const local = cond.regions?.[name] ?? {};
    const id = (s) => `region-${s}`;
    const legend = el('legend', { id: id('title'), text: `${view.label} in condition ${conditionName(cond, this.index)}` });
    this.status = el('p', { className: 'region-status', id: id('status'), role: 'status' });
    this.status.setAttribute('aria-live', 'polite');
    const lesion = el('input', { type: 'checkbox', id: id('lesion'), checked: view.lesioned });
    lesion.addEventListener('change', () => {
      // A lesioned region's local settings would change nothing (the engine
      // refuses them): ticking the lesion removes them, and says so.
      const had = lesion.checked && !!cond.regions?.[name];
      this.apply((c) => {
        const set = new Set(Array.isArray(c.lesions) ? c.lesions : []);
        if (lesion.checked) set.add(name); else set.delete(name);
        c.lesions = [...set];
        if (lesion.checked && c.regions) delete c.regions[name];
      }, lesion, `${view.label} ${lesion.checked ? 'lesioned' : 'no longer lesioned'}${had ? '; its local changes removed, as they would change nothing' : ''}`);
      // The local settings are offered again, or greyed out.
      const said = [this.status.textContent, this.status.classList.contains('error')];
      this.openEditor(name, false);
      this.editor.querySelector(`#${CSS.escape(id('lesion'))}`)?.focus();
      this.say(...said);
    });
    const parts = [legend, this.status,
      el('div', { className: 'check' }, lesion, el('label', { htmlFor: lesion.id, text: `Lesion ${view.label} (its output and plasticity removed)` }))];
    if (view.lesioned) parts.push(el('p', { className: 'hint', id: id('lesioned'), text: `Lesioned in this condition: local receptor changes and drugs would change nothing here, so they are not offered. Untick the lesion to set them.` }));
    // Everything local sits in these, disabled while the region is lesioned.
    const localParts = [];
    for (const r of view.receptors) {
      const set = local.receptors?.[r.name] ?? {};
      const box = el('fieldset', { className: 'receptor fields three' }, el('legend', { text: `${r.label} receptor (${r.modulator})` }));
      const number = (key, label, min, max, placeholder) => {
        const input = el('input', { type: 'number', id: id(`${r.name}-${key}`), step: 'any', min: String(min), max: String(max), value: set[key] == null ? '' : String(set[key]) });
        if (placeholder) input.placeholder = placeholder;
        input.addEventListener('change', () => {
          // Letters the browser cannot read as a number (it reports an
          // empty value): the box shows the setting again, unchanged.
          if (input.validity.badInput) {
            const kept = this.local(conditionsOf(this.scenario)[this.index] ?? {})?.receptors?.[r.name]?.[key];
            input.value = kept == null ? '' : String(kept);
            return;
          }
          const text = input.value.trim();
          const v = text === '' ? undefined : Number(text);
          this.apply((c) => {
            const loc = this.local(c, true);
            loc.receptors ??= {};
            loc.receptors[r.name] ??= {};
            loc.receptors[r.name][key] = v;
          }, input, `${view.label} ${r.label} ${label.toLowerCase()}: ${v ?? 'the model\'s'}`);
        });
        return el('div', { className: 'field' }, el('label', { htmlFor: input.id, text: label }), input);
      };
      box.append(
        number('density', 'Density', 0, 2, `model: ${fmt(r.density)}`),
        number('antagonist', 'Antagonist (0–1)', 0, 1, '0'),
        number('agonist', 'Agonist (0–2)', 0, 2, '0'),
        el('p', { className: 'hint', id: id(`${r.name}-efficacy`), text: `Efficacy now: ${fmt(r.efficacy)}` }),
      );
      localParts.push(box);
    }
    if (this.drugField) {
      // A drug with no receptor of its here is offered (a control, as in
      // REG-5) and marked: the engine says which act here (drugs_acting).
      const acting = new Set(view.drugs_acting ?? []);
      const k = this.drugField.kind;
      const labels = k.options.map((o, i) => `${k.labels?.[i] ?? o}${acting.has(o) ? '' : ' (no target here)'}`);
      const field = { ...this.drugField, kind: { ...k, labels }, label: `Drugs infused into ${view.label} only`,
        help: 'Each acts as it would whole-brain, but only on this region. One marked "no target here" finds no receptor of its in this region, so it changes nothing: a control.' };
      const idle = (v) => (v ?? []).filter((d) => !acting.has(d));
      localParts.push(fieldControl(field, local.drugs, [], id('local'), (v) => this.apply((c) => {
        const loc = this.local(c, true);
        loc.drugs = v ?? [];
      }, null, `${view.label}: local drugs ${v?.length ? v.join(', ') : 'none'}${idle(v).length ? ` (${idle(v).join(', ')}: no target here, so no change)` : ''}`)));
    }
    const localBox = el('fieldset', { className: 'local-settings', disabled: !!view.lesioned }, ...localParts);
    if (view.lesioned) localBox.setAttribute('aria-describedby', id('lesioned'));
    parts.push(localBox);
    const clear = el('button', { type: 'button', className: 'small secondary', id: id('clear'), text: 'Clear local changes' });
    clear.addEventListener('click', () => {
      this.apply((c) => { if (c.regions) delete c.regions[name]; }, null, `${view.label}: local changes cleared`);
      const said = [this.status.textContent, this.status.classList.contains('error')];
      this.openEditor(name, false);
      this.editor.querySelector('input')?.focus();
      this.say(...said);
    });
    const close = el('button', { type: 'button', className: 'small secondary', id: id('close'), text: 'Close' });
    close.addEventListener('click', () => this.closeEditor());
    const fieldset = el('fieldset', {}, ...parts, el('div', { className: 'card-buttons' }, clear, close));
    this.editor.replaceChildren(fieldset);
    this.editor.setAttribute('aria-labelledby', legend.id);
    this.editor.hidden = false;
    for (const g of this.svgBox.querySelectorAll('[data-region]')) {
      const open = g.dataset.region === name;
      g.setAttribute('aria-expanded', String(open));
      g.classList.toggle('selected', open);
    }
    if (focus) lesion.focus();
  }

  // Updates the efficacies shown in the open editor (after its own edit).
  updateFigures() {
    const view = this.view(this.region);
    if (!view) return;
    for (const r of view.receptors) {
      const p = this.editor.querySelector(`#region-${CSS.escape(r.name)}-efficacy`);
      if (p) p.textContent = `Efficacy now: ${fmt(r.efficacy)}`;
    }
  }

  // Closes the editor; focus goes back to the region it edited.
  closeEditor() {
    const name = this.region;
    this.region = null;
    this.status = null;
    this.editor.hidden = true;
    this.editor.replaceChildren();
    for (const g of this.svgBox.querySelectorAll('[data-region]')) {
      g.setAttribute('aria-expanded', 'false');
      g.classList.remove('selected');
    }
    if (name) this.regionGroup(name)?.focus();
  }
}

// ---- <modulab-figure view="circuit"> ------------------------------------------

const FIGURE_CSS = `
.circuit-svg { background: #fff; color: #000; border: 1px solid color-mix(in srgb, currentColor 20%, transparent); border-radius: 6px; overflow-x: auto; }
.circuit-svg svg { display: block; width: 100%; min-width: 560px; height: auto; }
.circuit-svg [data-region]:focus { outline: none; }
`;
let figureSheet = null;

// Shows the circuit instead of a chart in a <modulab-figure> (`fig`): after
// its run (levels recorded at the latest trial) or from its stored results;
// attribute `condition` (from 0) picks the condition.
export class CircuitFigure {
  constructor(fig) {
    this.fig = fig;
    this.token = 0;
    const root = fig.shadowRoot;
    if (!figureSheet) { figureSheet = new CSSStyleSheet(); figureSheet.replaceSync(FIGURE_CSS); }
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, figureSheet];
    this.box = el('div', { className: 'circuit-svg' });
    const chart = fig.canvas.parentElement;
    chart.hidden = true;
    fig.readout.hidden = true;
    fig.metricSelect.hidden = true;
    fig.metricSelect.labels?.forEach((l) => { l.hidden = true; });
    chart.before(this.box);
  }

  // The condition shown: the attribute's, or 0 when it names none of the
  // scenario's (the figure says so: attributeProblems).
  get condition() {
    const n = Number(this.fig.getAttribute('condition') ?? 0);
    const count = this.fig.experiment?.conditions().length ?? 1;
    return Number.isInteger(n) && n >= 0 && n < count ? n : 0;
  }

  // `exp` reported; `done`: it will not change any more.
  update(exp, msg, done) {
    const fig = this.fig;
    const token = ++this.token;
    let svg;
    try {
      svg = insertSvg(this.box, exp.circuitSvg(this.condition, 0), fig.shadowRoot);
    } catch (e) {
      fig.showError(e.message);
      return;
    }
    // Regions are read, not edited, here: each a focusable picture with its label.
    for (const g of svg.querySelectorAll('[data-region]')) g.setAttribute('role', 'img');
    const conds = exp.info().conditions;
    const label = conds[Math.min(this.condition, conds.length - 1)];
    if (!done) {
      fig.status.textContent = `Running: ${Math.round((msg?.progress ?? 0) * 100)} %`;
      fig.dataset.state = fig.runner?.state ?? 'running';
      return;
    }
    fig.status.textContent = `The circuit under ${typeof label === 'string' ? label : label?.label ?? 'the condition'}: levels at the latest of ${exp.trialsDone} trials.`;
    const runner = fig.runner;
    const id = runner?.id;
    const stored = fig.stored === exp;
    const still = () => (stored ? fig.stored === exp : fig.runner === runner && runner.id === id && runner.state === 'done');
    nextFrame().then(() => {
      if (token !== this.token || !still() || fig.dataset.state === 'done') return;
      fig.dataset.state = 'done';
      fig.dispatchEvent(new CustomEvent('modulab-done', { bubbles: true }));
    });
  }
}
