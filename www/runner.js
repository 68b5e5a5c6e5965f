// Runs a scenario off the page's main thread: a module Web Worker steps the
// engine and sends recordings back (transferred buffers), which a copy of
// the experiment on the page loads to draw and export. Where no worker can
// start (a sandboxed iframe has an opaque origin), the same stepping runs
// on the page in short chunks.
import { Stepper, spikingView } from './stepper.js';

// A module worker running `url`. A page may start a worker only from its
// own origin, so an article that loads ModuLab's scripts from ModuLab's host
// (the Embed dialog's element snippet) starts it from a one-line module of
// its own (a blob: URL) that imports the worker script; that script's
// imports resolve against its own URL. Where the article's
// Content-Security-Policy forbids blob: workers, this throws and the run
// goes inline.
function startWorker(url) {
  const options = { type: 'module', name: 'modulab' };
  if (url.origin === globalThis.location?.origin) return new Worker(url, options);
  const source = new Blob([`import ${JSON.stringify(url.href)};\n`], { type: 'text/javascript' });
  const blobUrl = URL.createObjectURL(source);
  try {
    return new Worker(blobUrl, options);
  } finally {
    // The worker has fetched its script once it runs; its URL may go.
    setTimeout(() => URL.revokeObjectURL(blobUrl), 30000);
  }
}

export class Runner {
  // engine: the wasm module's exports ({Experiment}); module: the compiled
  // WebAssembly.Module (shared with the worker); onUpdate(exp, info) after
  // every snapshot, onProgress(info) in between, onError(message).
  constructor(engine, module, { onUpdate, onProgress = () => {}, onError, worker = true }) {
    this.engine = engine;
    this.module = module;
    this.onUpdate = onUpdate;
    this.onProgress = onProgress;
    this.onError = onError;
    this.wantWorker = worker;
    this.worker = null;
    this.exp = null;
    this.id = 0;
    this.state = 'idle';
    this.speed = 'fast';
    this.ranMs = 0;
    this.startedAt = null;
    // Snapshots from the worker waiting to be applied, a chunk per frame.
    this.queue = [];
    this.pumping = false;
    // A pause or step asked the worker for a snapshot of every metric;
    // exports wait for it (settled()) so they never miss a series.
    this.awaitingFinal = false;
    this.waiters = [];
    // Metrics sent while running besides the charted ones (what the circuit
    // panel reads: setExtraMetrics).
    this.charted = undefined;
    this.extra = [];
  }

  // Starts the worker; resolves to whether it runs (false: inline).
  async init() {
    if (!this.wantWorker || typeof Worker !== 'function' || !this.module) return false;
    let w = null;
    try {
      w = startWorker(new URL('./worker.js', import.meta.url));
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('worker timeout')), 10000);
        w.onmessage = ({ data }) => { if (data.type === 'ready') { clearTimeout(timer); resolve(); } };
        w.onerror = (e) => { clearTimeout(timer); e.preventDefault?.(); reject(new Error('worker failed')); };
        w.postMessage({ type: 'init', module: this.module });
      });
      w.onmessage = ({ data }) => this.message(data);
      w.onerror = (e) => { e.preventDefault?.(); this.onError('The background worker stopped.'); };
      this.worker = w;
      return true;
    } catch {
      w?.terminate();
      return false;
    }
  }

  get usesWorker() { return this.worker !== null; }

  get experiment() { return this.exp; }

  // Builds the experiment (throws the engine's validation message) and
  // starts it; mode 'step' runs one trial per run and pauses. live: the
  // spiking page's raster window in ms (every snapshot then carries
  // `live`, the engine's spiking view: stepper.js).
  start(scenario, { speed = this.speed, mode = 'run', metrics, live = 0 } = {}) {
    const exp = new this.engine.Experiment(scenario);
    this.stop();
    this.exp = exp;
    this.speed = speed;
    this.id += 1;
    this.state = mode === 'step' ? 'paused' : 'running';
    const info = exp.info();
    const runs = info.seeds * info.conditions.length;
    this.live = live ? { conditions: info.conditions.length, seeds: info.seeds, windowMs: live } : null;
    // Wall time running, pauses left out: `ranMs` before the last (re)start.
    this.ranMs = 0;
    this.startedAt = performance.now();
    if (this.worker) {
      this.dropQueue();
      this.previewsSent = undefined;
      this.charted = metrics;
      // A step's snapshot is awaited like a pause's (settled()).
      this.awaitingFinal = mode === 'step';
      this.worker.postMessage({ type: 'start', id: this.id, scenario: exp.scenarioJson(), speed, mode, metrics: this.wanted(metrics), live });
    } else {
      this.stepper = new Stepper(exp, {
        speed, runs, budgetMs: 8, snapshotMs: 0,
        emit: (kind, extra) => this.local(kind, extra),
      });
      if (mode === 'step') this.stepper.step(); else this.stepper.start();
    }
    return exp;
  }

  local(kind, extra) {
    const exp = this.exp;
    const info = { progress: exp.progress, trialsDone: exp.trialsDone, elapsed: this.stepper.elapsed, ...extra };
    this.settle(info);
    if (kind === 'snapshot' && this.live) info.live = spikingView(exp, this.live);
    if (kind === 'snapshot') this.onUpdate(exp, info); else this.onProgress(info);
  }

  settle(info) {
    if (info.done) this.state = 'done';
    else if (info.paused) this.state = 'paused';
    info.wall = this.ranMs + (this.startedAt === null ? 0 : performance.now() - this.startedAt);
  }

  message(data) {
    if (data.id !== this.id || !this.exp) return;
    if (data.type === 'error') { this.state = 'idle'; this.onError(data.message); return; }
    if (data.type === 'snapshot') {
      // A newer preview replaces one not yet applied; final ones never drop.
      for (const q of this.queue) if (!q.final) q.previews?.forEach((p) => p?.bitmap.close());
      this.queue = this.queue.filter((q) => q.final);
      this.queue.push(data);
      this.pump();
    } else {
      this.onProgress(data);
    }
  }

  // Applies queued snapshot chunks within ~8 ms per frame, so a big
  // result never blocks the page for long; reports each whole snapshot.
  pump() {
    if (this.pumping) return;
    this.pumping = true;
    const frame = () => {
      const t0 = performance.now();
      while (this.queue.length && performance.now() - t0 < 8) {
        const snap = this.queue[0];
        if (snap.id !== this.id || !this.exp) { this.queue.shift(); continue; }
        try {
          this.exp.loadRecordings(snap.chunks.shift());
        } catch (e) {
          this.dropQueue();
          this.onError(e.message);
          break;
        }
        if (!snap.chunks.length) {
          this.queue.shift();
          this.settle(snap);
          this.onUpdate(this.exp, snap);
          if (snap.final && !this.queue.length) this.release();
        }
      }
      if (this.queue.length) requestAnimationFrame(frame);
      else this.pumping = false;
    };
    requestAnimationFrame(frame);
  }

  // Forgets the snapshots not yet applied (and frees their preview bitmaps).
  dropQueue() {
    for (const q of this.queue) q.previews?.forEach((p) => p?.bitmap.close());
    this.queue = [];
  }

  // Resolves once the page's copy holds every metric of the trials run so
  // far (inline: at once; worker: when the snapshot a pause asked for is in).
  settled() {
    if (!this.worker || !this.awaitingFinal) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release() {
    this.awaitingFinal = false;
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((resolve) => resolve());
  }

  setMetrics(metrics) { this.charted = metrics; this.send('metrics', { metrics: this.wanted(metrics) }); }

  // The charts the worker draws while running ([{metric, width, height,
  // options}], or null: none), sent back as ImageBitmaps with each
  // snapshot (`previews`: {bitmap, last} or null per chart). Only when the
  // run is in a worker.
  setPreviews(previews) {
    const text = JSON.stringify(previews ?? null);
    if (!this.worker || text === this.previewsSent) return;
    this.previewsSent = text;
    this.send('previews', { previews });
  }

  // Also sends `metrics` while running (none: only the charted ones).
  setExtraMetrics(metrics) { this.extra = metrics ?? []; this.setMetrics(this.charted); }

  // The charted metrics and the extra ones (all, when none are charted).
  wanted(metrics) { return metrics?.length ? [...new Set([...metrics, ...this.extra])] : metrics; }

  send(type, extra = {}) { this.worker?.postMessage({ type, id: this.id, ...extra }); }

  pause() {
    if (this.state !== 'running') return;
    this.state = 'paused';
    this.stopClock();
    if (this.worker) { this.awaitingFinal = true; this.send('pause'); } else this.stepper.pause();
  }

  resume() {
    if (this.state !== 'paused') return;
    this.state = 'running';
    this.startedAt = performance.now();
    if (this.worker) this.send('resume'); else this.stepper.start();
  }

  // The time running so far is kept; the clock waits for a resume.
  stopClock() {
    if (this.startedAt !== null) this.ranMs += performance.now() - this.startedAt;
    this.startedAt = null;
  }

  step() {
    if (this.state !== 'paused' && this.state !== 'running') return;
    if (this.state === 'running') this.stopClock();
    this.state = 'paused';
    if (this.worker) { this.awaitingFinal = true; this.send('step'); } else this.stepper.step();
  }

  setSpeed(speed) {
    this.speed = speed;
    if (this.worker) this.send('speed', { speed });
    else if (this.stepper) this.stepper.speed = speed;
  }

  // Stops the run and frees the experiment.
  stop() {
    this.dropQueue();
    this.release();
    if (this.worker) this.send('stop');
    else if (this.stepper) { this.stepper.running = false; clearTimeout(this.stepper.timer); }
    this.stepper = null;
    this.exp?.free();
    this.exp = null;
    this.state = 'idle';
  }
}
