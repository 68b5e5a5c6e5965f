// Steps an Experiment in time-boxed chunks: used inside the Web Worker, and
// on the page itself where a worker cannot start (a sandboxed iframe).
// It only schedules calls into the engine; no engine logic lives here.

// Trials per second per run at each speed; 'fast' runs as fast as it can.
export const SPEEDS = { slow: 40, medium: 400, fast: Infinity };

export class Stepper {
  // exp: an Experiment; emit(kind, exp, extra) reports 'progress' and
  // 'snapshot' (recordings to draw); budgetMs: wall time per chunk.
  constructor(exp, { speed = 'fast', budgetMs = 12, snapshotMs = 200, emit, runs }) {
    this.exp = exp;
    this.runs = runs;
    this.speed = speed;
    this.budgetMs = budgetMs;
    this.snapshotMs = snapshotMs;
    this.emit = emit;
    this.running = false;
    // One trial per run first, then as many as fit budgetMs (tick): a bin
    // of a large spiking network can take a second, 256 of them minutes.
    this.perChunk = runs;
    this.lastSnapshot = 0;
    // Time the last snapshot took; snapshots are spaced to cost <= 10 %.
    this.snapshotCost = 0;
    this.elapsed = 0;
    this.timer = null;
  }

  start() {
    if (this.running || this.exp.done) return;
    this.running = true;
    this.lastTick = performance.now();
    this.schedule();
  }

  pause() {
    this.running = false;
    clearTimeout(this.timer);
    this.emit('snapshot', { paused: true });
  }

  // One trial in every run.
  step() {
    this.running = false;
    clearTimeout(this.timer);
    if (this.exp.done) return;
    const t0 = performance.now();
    this.exp.step(this.runs);
    this.elapsed += performance.now() - t0;
    this.emit('snapshot', { paused: true });
  }

  schedule() { this.timer = setTimeout(() => this.tick(), 0); }

  tick() {
    if (!this.running) return;
    const now = performance.now();
    const rate = SPEEDS[this.speed] ?? Infinity;
    let budget = this.perChunk;
    if (Number.isFinite(rate)) {
      // Trials allowed since the last tick at this speed (at least one per run).
      budget = Math.max(this.runs, Math.round(rate * this.runs * Math.min(0.25, (now - this.lastTick) / 1000)));
      budget = Math.min(budget, this.perChunk);
    }
    this.lastTick = now;
    const t0 = performance.now();
    this.exp.step(budget);
    const spent = performance.now() - t0;
    this.elapsed += spent;
    if (!Number.isFinite(rate) || budget === this.perChunk) {
      // Keep each chunk near budgetMs of work.
      this.perChunk = Math.max(this.runs, Math.min(5e7, Math.round(this.perChunk * this.budgetMs / Math.max(spent, 0.25))));
    }
    const done = this.exp.done;
    const every = Math.max(this.snapshotMs, 10 * this.snapshotCost);
    if (done || performance.now() - this.lastSnapshot > every) {
      this.lastSnapshot = performance.now();
      this.emit('snapshot', { done });
    } else {
      this.emit('progress', { done });
    }
    if (done) { this.running = false; return; }
    if (Number.isFinite(rate)) this.timer = setTimeout(() => this.tick(), 16);
    else this.schedule();
  }
}

// The spiking network's live view, read from the engine where it runs (the
// worker, or the page when no worker starts): for the first seed of each
// of `conditions`, model time, the spikes of the last `windowMs` ms
// (Uint32Array [ms, neuron, …]) and the dopamine trace (Float32Array, one
// value per ms); for every seed, the engine's own reward count (exact at
// any length: never a sum over a downsampled series).
export function spikingView(exp, { conditions, seeds, windowMs }) {
  const out = [];
  for (let c = 0; c < conditions; c++) {
    const rewards = new Float64Array(seeds);
    for (let s = 0; s < seeds; s++) rewards[s] = exp.rewardTotal(c, s);
    out.push({ timeMs: exp.modelTimeMs(c, 0), spikes: exp.recentSpikes(c, 0, windowMs), dopamine: exp.recentDopamine(c, 0, windowMs), rewards });
  }
  return out;
}

// The buffers of a spiking view, to transfer with postMessage.
export const spikingBuffers = (view) => (view ?? []).flatMap((v) => [v.spikes.buffer, v.dopamine.buffer, v.rewards.buffer]);
