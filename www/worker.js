// The page's Web Worker: runs a scenario with the engine (wasm) and sends
// progress and recordings back, the recordings as transferred buffers.
import init, { Experiment } from './pkg/modulab.js';
import { Stepper, spikingView, spikingBuffers } from './stepper.js';

let stepper = null;
let exp = null;
let id = 0;
let ready = null;
// The metrics the page is charting: sent while running; all at the end.
let charted = null;
// The spiking page's live view ({conditions, seeds, windowMs}), sent with
// every snapshot; null for the other pages.
let live = null;
// Most bytes per transferred chunk, so the page can apply one per frame.
const CHUNK_BYTES = 1 << 21;
// The charts the page shows while a run goes on ([{metric, width, height,
// options}] or null): drawn here, on OffscreenCanvases, and sent as
// ImageBitmaps with each snapshot, so the page's main thread neither
// draws nor rasterises them (its frames stay short while a batch runs).
let previews = null;
const offscreen = [];

// The preview charts of the run so far, one {bitmap, last} (or null) each:
// the chart as an ImageBitmap and each condition's last values (valueAt,
// from the summaries the drawing just made), so the page computes neither.
// full: at the screen's pixel ratio (the run's last snapshot), else a preview.
function drawPreviews(full) {
  if (!previews?.length || typeof OffscreenCanvas !== 'function') return undefined;
  return previews.map((p, i) => {
    const [width, height] = (full ? p?.full : p?.preview) ?? [];
    if (!(width > 0) || !(height > 0)) return null;
    let oc = offscreen[i];
    if (!oc || oc.width !== width || oc.height !== height) oc = offscreen[i] = new OffscreenCanvas(width, height);
    try {
      exp.drawOffscreen(oc, p.metric, { ...p.options, scale: full ? p.dpr : 1 }).free();
      const { window, band } = p.options;
      const last = exp.valueAt(p.metric, Number.MAX_SAFE_INTEGER, { window, band });
      return { bitmap: oc.transferToImageBitmap(), last, key: p.key };
    } catch {
      // The page draws this one itself.
      return null;
    }
  });
}

function report(kind, extra) {
  if (!exp) return;
  const msg = { type: kind, id, progress: exp.progress, trialsDone: exp.trialsDone, elapsed: stepper.elapsed, ...extra };
  if (kind !== 'snapshot') { postMessage(msg); return; }
  const final = !!(extra.done || extra.paused);
  const metrics = final || !charted?.length ? undefined : charted;
  const t0 = performance.now();
  const runs = exp.runCount;
  const chunks = [exp.recordings(0, 1, metrics, final)];
  const per = Math.max(1, Math.floor(CHUNK_BYTES / Math.max(1, chunks[0].length)));
  for (let first = 1; first < runs; first += per) chunks.push(exp.recordings(first, per, metrics, final));
  stepper.snapshotCost = performance.now() - t0;
  msg.final = final;
  msg.chunks = chunks;
  if (live) msg.live = spikingView(exp, live);
  // The last snapshot's charts at full resolution, the others as previews.
  msg.previews = drawPreviews(final);
  const bitmaps = (msg.previews ?? []).filter(Boolean).map((p) => p.bitmap);
  postMessage(msg, [...chunks.map((c) => c.buffer), ...spikingBuffers(msg.live), ...bitmaps]);
}

onmessage = async ({ data }) => {
  try {
    if (data.type === 'init') {
      ready = init({ module_or_path: data.module });
      await ready;
      postMessage({ type: 'ready' });
      return;
    }
    await ready;
    if (data.type === 'start') {
      stepper?.pause();
      exp?.free();
      id = data.id;
      charted = data.metrics ?? null;
      previews = null;
      exp = new Experiment(data.scenario);
      const info = exp.info();
      live = data.live ? { conditions: info.conditions.length, seeds: info.seeds, windowMs: data.live } : null;
      stepper = new Stepper(exp, {
        speed: data.speed, emit: report, runs: info.seeds * info.conditions.length,
        snapshotMs: data.snapshotMs ?? 200,
      });
      if (data.mode === 'step') stepper.step(); else stepper.start();
    } else if (!stepper || data.id !== id) {
      // A message about a run that has been replaced.
    } else if (data.type === 'pause') stepper.pause();
    else if (data.type === 'resume') stepper.start();
    else if (data.type === 'step') stepper.step();
    else if (data.type === 'speed') stepper.speed = data.speed;
    else if (data.type === 'metrics') charted = data.metrics;
    else if (data.type === 'previews') previews = data.previews;
    else if (data.type === 'stop') { stepper.running = false; exp.free(); exp = null; stepper = null; }
  } catch (e) {
    postMessage({ type: 'error', id: data.id, message: e.message ?? String(e) });
  }
};
