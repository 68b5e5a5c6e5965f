// One chart on a canvas, drawn by the engine (Rust, through plotters): sized
// to the canvas's CSS box at the screen's pixel ratio, redrawn on resize and
// colour-scheme change, with a hover / keyboard cursor whose values the
// engine reports. No drawing or statistics happen here. Also the chart
// panels of the main page and the spiking page: a heading, the menu of
// recorded metrics, the canvas, a PNG button and the readout.
import { el } from './form.js';

// Whether `el` shows in the dark scheme: the reader prefers dark and its
// page offers it (color-scheme on it or its ancestors, else the page's
// <meta name="color-scheme">), so an article that offers only light keeps a
// light figure, as the browser keeps its text.
export const dark = (el = document.documentElement) => {
  if (!matchMedia('(prefers-color-scheme: dark)').matches) return false;
  const scheme = getComputedStyle(el).colorScheme;
  const offered = scheme && scheme !== 'normal' ? scheme : document.querySelector('meta[name="color-scheme"]')?.content ?? '';
  return /\bdark\b/.test(offered);
};

// Device pixels per CSS pixel of a chart: 1 for a preview, else the screen's.
const pixelRatio = (preview) => (preview ? 1 : globalThis.devicePixelRatio || 1);

// A canvas's backing-store size [width, height] for a CSS box at `ratio`.
const backingSize = (box, ratio) => [Math.max(1, Math.round(box.width * ratio)), Math.max(1, Math.round(box.height * ratio))];

// preview: draw at one device pixel per CSS pixel (a quarter of the work on
// a hi-DPI screen) while a run is still changing the chart.
export function fitCanvas(canvas, preview = false) {
  const dpr = pixelRatio(preview);
  const [w, h] = backingSize(canvas.getBoundingClientRect(), dpr);
  if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  return dpr;
}

// Charts waiting to be drawn: one per animation frame, so the canvas work
// of many charts (rasterised after the script, in software on some
// machines) is spread over frames and never makes one long frame.
const waiting = new Set();
let scheduled = false;
let idle = [];
function flush() {
  scheduled = false;
  const [view] = waiting;
  if (view) { waiting.delete(view); view.draw(); }
  if (waiting.size) { scheduled = true; requestAnimationFrame(flush); return; }
  const done = idle;
  idle = [];
  done.forEach((resolve) => resolve());
}

// The next animation frame: what was drawn before it is on the screen.
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

// Resolves once every requested chart has been drawn and a frame has passed.
export function whenDrawn() {
  const drawn = waiting.size ? new Promise((resolve) => idle.push(resolve)) : Promise.resolve();
  return drawn.then(nextFrame);
}

// Three significant digits; a value within a millionth of 0 (float noise
// such as 7.8e-19 where a metric is 0) is written 0.00.
const fmt = (v) => (Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(1) : Math.abs(v) < 1e-6 ? '0.00' : v.toPrecision(3)) : '–');

export class ChartView {
  // canvas: the element; readout: a <p> for the hover values; opts:
  // {metric, kind: 'curve' | 'profiles', window, band}; axis(metric) →
  // {label} (the axis label from the engine's metric table).
  constructor(canvas, readout, axis, opts) {
    this.canvas = canvas;
    this.readout = readout;
    this.axis = axis;
    this.opts = { kind: 'curve', window: 1, band: 'sem', ...opts };
    this.exp = null;
    this.layout = null;
    this.cursor = null;
    this.error = null;
    // Keyboard cursor moves are announced (a polite live region beside the
    // readout, written only then: the readout itself changes with every
    // snapshot of a run, which a live readout would announce too).
    this.announce = document.createElement('p');
    this.announce.className = 'visually-hidden';
    this.announce.setAttribute('aria-live', 'polite');
    readout.after(this.announce);
    // A Tab stop where the keyboard reads values (the curves; the heat map
    // has none to read).
    if (this.opts.kind === 'curve') canvas.tabIndex = 0;
    canvas.addEventListener('pointermove', (e) => this.point(e.offsetX));
    // A tap reads the trial under the finger (a touch has no hover), and
    // its value stays after the finger lifts (touch-action: pan-y in the
    // page's CSS turns a sideways drag into moves instead of a pan).
    canvas.addEventListener('pointerdown', (e) => { if (e.pointerType !== 'mouse') this.point(e.offsetX); });
    canvas.addEventListener('pointerleave', (e) => {
      if (e.pointerType !== 'mouse' && e.pointerType !== '') return;
      this.cursor = null; this.request(); this.showValues();
    });
    canvas.addEventListener('keydown', (e) => this.key(e));
    canvas.addEventListener('blur', () => { if (this.cursor !== null) { this.cursor = null; this.request(); } });
    // The canvas's CSS size as last laid out (read here, not from the
    // layout, so a preview never forces one).
    this.resizer = new ResizeObserver((entries) => {
      const r = entries[entries.length - 1].contentRect;
      this.box = { width: r.width, height: r.height };
      this.request();
    });
    this.resizer.observe(canvas);
  }

  set(opts) { Object.assign(this.opts, opts); this.request(); }

  // bitmap: this chart as the worker drew it from the same run (a preview
  // while a batch runs), shown instead of drawing it here.
  show(exp, preview = false, bitmap = null, last = null, key = null) {
    // The x axis as the engine describes the run: trials, or model time.
    if (exp !== this.exp) this.x = exp ? exp.info().x_axis : null;
    this.exp = exp;
    this.opts.preview = preview;
    if (bitmap) { this.showBitmap(bitmap, last, key); return; }
    // Drawn here: a bitmap still waiting is of an older snapshot.
    this.pending?.bitmap.close();
    this.pending = null;
    this.request();
  }

  // What the worker needs to draw this chart: as a preview while the run
  // goes on (one device pixel per CSS pixel, as fitCanvas(canvas, true)
  // sizes it) and at the screen's pixel ratio for the run's last snapshot;
  // null while the page draws it itself (a cursor is shown, or it is hidden).
  previewSpec() {
    const box = this.cssBox();
    if (this.opts.kind !== 'curve' || this.cursor !== null || !this.canvas.isConnected || box.width < 1) return null;
    const { metric, window, band, title } = this.opts;
    const dpr = pixelRatio(false);
    return {
      metric, preview: backingSize(box, 1), full: backingSize(box, dpr),
      options: { scale: 1, dark: dark(this.canvas), window, band, title }, dpr, key: this.settingsKey(),
    };
  }

  // The canvas's CSS box, as the ResizeObserver last saw it.
  cssBox() { return this.box ?? this.canvas.getBoundingClientRect(); }

  // What the chart shows: a bitmap drawn for other settings is not shown.
  settingsKey() {
    const { metric, window, band, title } = this.opts;
    return JSON.stringify([metric, window, band, title ?? null, dark(this.canvas)]);
  }

  // last: each condition's last values as the worker's engine gave them
  // (valueAt), so the readout needs no summary computed here. Shown on the
  // next animation frame, one chart per frame like the page's own draws.
  showBitmap(bitmap, last = null, key = null) {
    this.pending?.bitmap.close();
    this.pending = { bitmap, last, key };
    this.request();
  }

  // Copies the pending bitmap onto the canvas; false (and the bitmap
  // dropped) when it no longer fits the chart, which the page then draws.
  blit() {
    const { bitmap, last, key } = this.pending;
    this.pending = null;
    // The size fitCanvas would give it now (a preview, or full resolution).
    const scale = pixelRatio(this.opts.preview);
    const [w, h] = backingSize(this.cssBox(), scale);
    const fits = w === bitmap.width && h === bitmap.height;
    if (this.opts.kind !== 'curve' || this.cursor !== null || !this.canvas.isConnected || !fits || key !== this.settingsKey()) {
      bitmap.close();
      return false;
    }
    if (this.canvas.width !== bitmap.width || this.canvas.height !== bitmap.height) {
      this.canvas.width = bitmap.width;
      this.canvas.height = bitmap.height;
    }
    this.canvas.getContext('2d').drawImage(bitmap, 0, 0);
    bitmap.close();
    // Hover maps pointer columns through the last layout drawn here (the
    // worker's chart has the same plot area at this size).
    this.scale = scale;
    this.canvas.dataset.drawnBy = 'worker';
    this.describe(last);
    this.error = null;
    this.onDrawn?.();
    return true;
  }

  // Where a point lies on the x axis, in words: "trial 12", "model time 3.5 s".
  where(v) {
    const x = this.x ?? { name: 'trial', unit: '' };
    return x.unit ? `${x.name} ${Number(v.x.toFixed(3))} ${x.unit}` : `${x.name} ${v.trial}`;
  }

  // Draws on the next animation frame (at most once per frame).
  request() {
    waiting.add(this);
    if (!scheduled) { scheduled = true; requestAnimationFrame(flush); }
  }

  // Resolves once this chart's requested draw (if any) has run and a frame
  // has passed: the canvas then shows what was last asked of it.
  drawn() {
    const pending = waiting.has(this) ? new Promise((resolve) => (this.onceDrawn ??= []).push(resolve)) : Promise.resolve();
    return pending.then(nextFrame);
  }

  draw() {
    try { if (!this.pending || !this.blit()) this.paint(); } finally {
      const waiters = this.onceDrawn;
      this.onceDrawn = null;
      waiters?.forEach((resolve) => resolve());
    }
  }

  paint() {
    const exp = this.exp;
    if (!exp || !this.canvas.isConnected) return;
    const scale = fitCanvas(this.canvas, this.opts.preview);
    this.scale = scale;
    const { metric, kind, window, band, title } = this.opts;
    try {
      if (kind === 'profiles') {
        exp.drawProfiles(this.canvas, { scale, dark: dark(this.canvas), title });
        this.canvas.setAttribute('aria-label', 'Heat map of phasic dopamine within each trial (x: step within the trial, y: trial), mean over seeds, one panel per condition.');
        return;
      }
      this.layout?.free();
      const cursor = this.cursor ?? undefined;
      this.layout = exp.draw(this.canvas, metric, { scale, dark: dark(this.canvas), window, band, cursor, title });
      this.canvas.dataset.drawnBy = 'page';
      this.describe();
      this.error = null;
    } catch (e) {
      this.error = e.message;
      this.readout.textContent = e.message;
    }
    this.onDrawn?.();
  }

  // A text alternative: what is charted and each condition's last value.
  describe(given = null) {
    const exp = this.exp;
    const { metric, window, band } = this.opts;
    const label = this.axis(metric).label;
    const last = given ?? exp.valueAt(metric, Number.MAX_SAFE_INTEGER, { window, band });
    this.lastValues = given;
    const bandText = band === 'ci95' ? '95 % confidence interval' : '± 1 standard error';
    const ends = last.map((v) => `${v.label} ${fmt(v.mean)}`).join(', ');
    const x = this.x ?? { name: 'trial', point: 'trial' };
    this.canvas.setAttribute('aria-label', `Chart of ${label} by ${x.name}, mean over seeds with a band of ${bandText}, smoothed over ${window} ${x.point}(s). ${last.length ? `At ${this.where(last[0])}: ${ends}.` : 'No data yet.'}`);
    if (this.cursor === null) this.showValues();
  }

  point(x) {
    // A chart the worker drew: draw it here first, for this run's layout.
    if (this.canvas.dataset.drawnBy === 'worker') this.paint();
    if (!this.layout) return;
    const t = this.layout.trialAt(x * (this.scale || 1));
    this.cursor = Number.isFinite(t) ? t : null;
    this.request();
    this.showValues();
  }

  key(e) {
    if (!this.exp || this.opts.kind !== 'curve') return;
    const n = Math.max(1, this.exp.trialsDone);
    // One percent of the points, Shift ten, Alt (or Ctrl) one point.
    const big = e.altKey || e.ctrlKey ? 1 : Math.max(1, Math.round(n / (e.shiftKey ? 10 : 100)));
    // From the last point shown when no cursor is set yet.
    const at = this.cursor ?? n;
    const to = { ArrowRight: at + big, ArrowLeft: at - big, Home: 1, End: n, Escape: null }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    this.cursor = to === null ? null : Math.max(1, Math.min(n, to));
    this.request();
    this.showValues();
    this.announce.textContent = this.readout.textContent;
  }

  // The values at the cursor (or the last trial), from the engine.
  showValues() {
    const exp = this.exp;
    if (!exp || this.opts.kind !== 'curve' || this.error) return;
    const { metric, window, band } = this.opts;
    const at = this.cursor ?? Number.MAX_SAFE_INTEGER;
    let values = this.cursor === null ? this.lastValues : null;
    try { values ??= exp.valueAt(metric, at, { window, band }); } catch { return; }
    if (!values.length) { this.readout.textContent = ''; return; }
    const bandName = band === 'ci95' ? '95 % CI' : '± SEM';
    const parts = values.map((v) => `${v.label} ${fmt(v.mean)} (${bandName} ${fmt(v.low)} to ${fmt(v.high)})`);
    const where = this.where(values[0]);
    this.readout.textContent = `${this.cursor === null ? `Last point, ${where}` : where[0].toUpperCase() + where.slice(1)}: ${parts.join('; ')}`;
  }

  // Shows nothing (an empty canvas, no readout) until shown an experiment.
  clear() {
    this.pending?.bitmap.close();
    this.pending = null;
    this.exp = null;
    this.x = null;
    this.cursor = null;
    this.error = null;
    this.layout?.free();
    this.layout = null;
    this.canvas.getContext('2d').clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.canvas.removeAttribute('aria-label');
    this.readout.textContent = '';
  }

  dispose() { this.resizer.disconnect(); this.layout?.free(); this.layout = null; this.pending?.bitmap.close(); this.pending = null; }
}

// A menu of the recorded metrics, grouped as the engine's table says.
export function metricSelect(id, table, value) {
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

// A metric's axis from the engine's table: {label} for the chart readouts.
export const axisOf = (table) => (name) => ({ label: table.metrics.find((m) => m.name === name)?.axis ?? name });

// Chart panel `i` appended to `box`: heading `title`, the metric menu of
// the engine's `table` showing `metric`, the chart and its readout. A new
// metric is drawn and passed to onMetric(metric); the PNG button calls
// onPng(canvas, metric). Returns the panel's ChartView.
export function chartPanel(box, i, { table, metric, title, window, band, onMetric, onPng }) {
  const id = `chart-${i}`;
  const select = metricSelect(`${id}-metric`, table, metric);
  const canvas = el('canvas', { id, role: 'img' });
  const readout = el('p', { className: 'readout', id: `${id}-readout` });
  canvas.setAttribute('aria-describedby', readout.id);
  const png = el('button', { type: 'button', className: 'small secondary', text: 'PNG' });
  png.setAttribute('aria-label', `Download chart ${i + 1} as PNG`);
  const heading = el('h2', { id: `${id}-title`, text: title });
  const panel = el('section', { className: 'chart' },
    el('div', { className: 'chart-head' }, heading, el('label', { htmlFor: select.id, className: 'visually-hidden', text: `Metric of chart ${i + 1}` }), select, png),
    el('div', { className: 'canvas-box' }, canvas), readout);
  panel.setAttribute('aria-labelledby', heading.id);
  box.append(panel);
  const view = new ChartView(canvas, readout, axisOf(table), { metric, window, band });
  view.heading = heading;
  view.select = select;
  select.addEventListener('change', () => { view.set({ metric: select.value }); onMetric(select.value); });
  png.addEventListener('click', () => onPng(canvas, select.value));
  return view;
}

// Shows another run's chart in a panel made by chartPanel, whose metric
// menu is the same: its title, metric, window and band; axis(metric) as for
// ChartView. Nothing is rebuilt; the chart is drawn when next shown.
export function updatePanel(view, { axis, metric, title, window, band }) {
  if (view.heading.textContent !== title) view.heading.textContent = title;
  if (view.select.value !== metric) view.select.value = metric;
  view.axis = axis;
  Object.assign(view.opts, { metric, window, band });
}
