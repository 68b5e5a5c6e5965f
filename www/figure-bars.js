// The run bar and the view bar of a figure page (the main page and the
// spiking page): Run, Pause, Step, Reset and speed, the progress line and
// the error line; the smoothing window and the band of the charts. Their
// unit is what one recorded point is, as the engine describes the run
// (info().x_axis.point: "trial", or "bin" for the spiking network).
import { el } from './form.js';
import { whenDrawn } from './charts.js';
import { Exports, headerNotes } from './figure-share.js';

const text = (point) => ({
  slow: `slow (40 ${point}s/s)`,
  medium: `medium (400 ${point}s/s)`,
  step: point === 'bin' ? 'Runs one bin of model time in every network, then pauses.' : 'Runs one trial in every run, then pauses.',
  window: ` ${point}s`,
});

// The parts both figure pages make before they read their controls: the
// run bar (#runbar), the view bar (#viewbar), the notes under the header
// and the export buttons (#exports). page: {point ("trial" or "bin" until a
// run says), window (the initial smoothing), disabled (the run buttons,
// until the engine is ready), state(), charts(), saved(), runner(), info(),
// updateButtons()}. Returns {viewBar, exports}.
export function figureParts(page) {
  const $ = (id) => document.getElementById(id);
  runBar($('runbar'), page.point, { disabled: page.disabled });
  const viewBar = new ViewBar($('viewbar'), page.point, page);
  headerNotes();
  const exports = new Exports($('exports'), { ...page, setStatus, showError });
  return { viewBar, exports };
}

// Fills `box` (a placeholder <div>) with the run bar, the progress line and
// the error line; every control starts disabled but Run, Step and Reset
// (unless `disabled`).
export function runBar(box, point, { disabled = false } = {}) {
  const t = text(point);
  const button = (id, label, secondary, off) => el('button', { id, type: 'button', ...(secondary ? { className: 'secondary' } : {}), text: label, disabled: off });
  const step = button('step', 'Step', true, disabled);
  step.setAttribute('aria-describedby', 'step-help');
  const speed = el('select', { id: 'speed' },
    el('option', { value: 'slow', text: t.slow }), el('option', { value: 'medium', text: t.medium }),
    el('option', { value: 'fast', text: 'as fast as possible', selected: true }));
  const bar = el('div', { className: 'runbar', role: 'group' },
    button('run', 'Run', false, disabled), button('pause', 'Pause', true, true), step, button('reset', 'Reset', true, disabled),
    el('label', { htmlFor: 'speed', text: 'Speed' }), speed,
    el('span', { id: 'step-help', className: 'visually-hidden', text: t.step }));
  bar.setAttribute('aria-label', 'Run controls');
  const status = el('p', { id: 'status', className: 'status', role: 'status', text: 'Loading the engine…' });
  status.setAttribute('aria-live', 'polite');
  const line = el('div', { className: 'progress-line' },
    el('label', { htmlFor: 'progress', className: 'visually-hidden', text: 'Progress' }),
    el('progress', { id: 'progress', max: 1, value: 0 }), status);
  const error = el('p', { id: 'error', className: 'error', role: 'alert', hidden: true });
  box.replaceWith(bar, line, error);
}

// The status line and the error line (made by runBar).
export function setStatus(text) { document.getElementById('status').textContent = text; }

export function showError(message) {
  const error = document.getElementById('error');
  error.textContent = message ?? '';
  error.hidden = !message;
}

// Whether `scenario` is small enough to run without asking: at most
// `maxTrials` in all and `limits.auto_run_work` of work, as the engine
// counts them (totalTrials, totalWork); null when the engine refuses the
// scenario (each page decides: run to show why, or wait).
export function runsUnasked(engine, limits, scenario, maxTrials) {
  try {
    const text = JSON.stringify(scenario);
    return engine.totalTrials(text) <= maxTrials && engine.totalWork(text) <= limits.auto_run_work;
  } catch { return null; }
}

// Starts `scenario` on `runner` with `options`: the experiment, or null
// when the engine refuses the scenario (its message shown).
export function startRun(runner, scenario, options, updateButtons) {
  showError('');
  try {
    return runner.start(scenario, options);
  } catch (e) {
    showError(e.message);
    setStatus('Fix the setting named above, then press Run.');
    updateButtons();
    return null;
  }
}

// A run stopped by an error.
export function runFailed(message, updateButtons) {
  showError(message);
  setStatus('Stopped by an error.');
  updateButtons();
}

// The run's state on <body data-state>: "done" and "paused" once the
// worker's last snapshot is in and the charts show it (until then none, so
// that nothing reads the previous run's).
export function markState(runner) {
  const st = runner?.state ?? 'idle';
  const body = document.body.dataset;
  if (st !== 'done' && st !== 'paused') { body.state = st; return; }
  if (body.state !== st) delete body.state;
  const id = runner.id;
  runner.settled().then(whenDrawn).then(() => { if (runner.id === id && runner.state === st) body.state = st; });
}

// The unit of the run bar's texts: what one recorded point of the run is.
export function runBarPoint(point) {
  const t = text(point);
  const speed = document.getElementById('speed');
  speed.options[0].text = t.slow;
  speed.options[1].text = t.medium;
  document.getElementById('step-help').textContent = t.step;
}

// The view bar, in place of `box`: smoothing window and band. page:
// {limits, window (the initial window), state() ({view}), charts() (the
// page's ChartViews), saved() (the view changed)}.
export class ViewBar {
  constructor(box, point, page) {
    this.page = page;
    this.value = el('output', { id: 'window-value', text: String(page.window) });
    this.value.htmlFor = 'window';
    this.unit = document.createTextNode(text(point).window);
    this.window = el('input', { id: 'window', type: 'range', min: 1, max: 100, step: 1, value: page.window });
    this.band = el('select', { id: 'band' },
      el('option', { value: 'sem', text: '± 1 SEM' }), el('option', { value: 'ci95', text: '95 % CI of the mean' }));
    const bar = el('div', { className: 'viewbar', role: 'group' },
      el('label', { htmlFor: 'window' }, 'Smoothing ', this.value, this.unit), this.window,
      el('label', { htmlFor: 'band', text: 'Band' }), this.band);
    bar.setAttribute('aria-label', 'Chart view');
    box.replaceWith(bar);
    this.window.addEventListener('input', () => {
      const { view } = page.state();
      view.window = Number(this.window.value);
      this.value.textContent = this.window.value;
      for (const c of page.charts()) c.set({ window: view.window });
      page.saved();
    });
    this.band.addEventListener('change', () => {
      page.state().view.band = this.band.value;
      for (const c of page.charts()) c.set({ band: this.band.value });
      page.saved();
    });
  }

  // The engine's limits (the window's maximum).
  limit(limits) { this.window.max = String(limits.max_window); }

  // Shows a view's window and band.
  show(view) {
    this.window.value = String(view.window);
    this.value.textContent = String(view.window);
    this.band.value = view.band;
  }

  // The unit of the window: what one recorded point of the run is.
  point(point) { this.unit.textContent = text(point).window; }
}
