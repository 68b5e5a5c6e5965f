// Shared set-up of the page tests: one server and one browser per file.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import { serve } from './server.mjs';
import { launch, watch } from './browser.mjs';

export function setup() {
  const env = {};
  before(async () => {
    env.server = await serve();
    env.context = await launch();
    env.origin = env.server.url.replace(/\/$/, '');
  });
  after(async () => {
    await env.context?.close();
    await env.server?.close();
  });
  // Opens `path` and waits for the first run to finish.
  // The page restores the scenario last edited in the browser (localStorage)
  // when its URL holds no state; tests share one browser profile, so each
  // new tab starts without it unless `keepEdits` is set (reloads keep it).
  env.open = async (path = '', { done = true, viewport, keepEdits = false } = {}) => {
    const page = await env.context.newPage();
    if (!keepEdits) {
      await page.addInitScript(() => {
        if (sessionStorage.getItem('modulab-test-fresh')) return;
        sessionStorage.setItem('modulab-test-fresh', '1');
        localStorage.removeItem('modulab.edited.v1');
      });
    }
    if (viewport) await page.setViewportSize(viewport);
    const problems = watch(page, env.origin);
    page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
    await page.goto(env.server.url + path);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
    if (done) await waitDone(page);
    return { page, problems };
  };
  return env;
}

export const waitDone = (page, timeout = 30000) =>
  page.waitForSelector('body[data-state="done"]', { timeout });

// Pixels of a canvas close to an RGB colour (within `tol` per channel).
export function colourCount(page, selector, [r, g, b], tol = 24) {
  return page.evaluate(({ selector, r, g, b, tol }) => {
    const c = document.querySelector(selector);
    // A copy read once: polling reads of the page's own canvas would make
    // Chromium warn (willReadFrequently) on the console.
    const t = Object.assign(document.createElement('canvas'), { width: c.width, height: c.height });
    const x = t.getContext('2d', { willReadFrequently: true });
    x.drawImage(c, 0, 0);
    const d = x.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i] - r) <= tol && Math.abs(d[i + 1] - g) <= tol && Math.abs(d[i + 2] - b) <= tol) n++;
    }
    return n;
  }, { selector, r, g, b, tol });
}

// Pixels that differ from the canvas's top-left (background) pixel.
export function inked(page, selector) {
  return page.evaluate((selector) => {
    const c = document.querySelector(selector);
    // A copy read once: polling reads of the page's own canvas would make
    // Chromium warn (willReadFrequently) on the console.
    const t = Object.assign(document.createElement('canvas'), { width: c.width, height: c.height });
    const x = t.getContext('2d', { willReadFrequently: true });
    x.drawImage(c, 0, 0);
    const d = x.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) n++;
    return { n, width: c.width, height: c.height, bg: [d[0], d[1], d[2]] };
  }, selector);
}

// The page's URL hash for a state, encoded by the page's own module.
export function encode(page, state) {
  return page.evaluate(async (state) => (await import('/state.js')).encodeState(state), state);
}

export const BLUE = [0, 114, 178];
export const VERMILLION = [213, 94, 0];

// Does `action`, then waits until the page has started a new run and finished it.
export async function rerun(page, action, timeout = 30000) {
  const id = await page.evaluate(() => window.modulab.runner.id);
  await action();
  await page.waitForFunction((id) => window.modulab.runner.id > id && document.body.dataset.state === 'done', id, { timeout });
}

// Waits on the condition a test asserts, not on a state: these poll until
// it holds or `timeout` ms pass, then return the value for the assertion
// (which then says what was found when it timed out).
const settle = (p) => p.catch((e) => { if (e?.name !== 'TimeoutError') throw e; });

// Waits until the canvas at `selector` has more than `min` inked pixels; returns inked().
export async function waitInk(target, selector, min = 5000, timeout = 30000) {
  await settle(target.waitForFunction(({ selector, min }) => {
    const c = document.querySelector(selector);
    if (!c || !c.width || !c.height) return false;
    // A copy read once: polling reads of the page's own canvas would make
    // Chromium warn (willReadFrequently) on the console.
    const t = Object.assign(document.createElement('canvas'), { width: c.width, height: c.height });
    const x = t.getContext('2d', { willReadFrequently: true });
    x.drawImage(c, 0, 0);
    const d = x.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) n++;
    return n > min;
  }, { selector, min }, { timeout, polling: 100 }));
  return inked(target, selector);
}

// Waits until more than `min` pixels of the canvas are near `rgb`; returns the count.
export async function waitColour(page, selector, rgb, min, timeout = 30000, tol = 24) {
  await settle(page.waitForFunction(({ selector, rgb: [r, g, b], min, tol }) => {
    const c = document.querySelector(selector);
    if (!c || !c.width || !c.height) return false;
    // A copy read once: polling reads of the page's own canvas would make
    // Chromium warn (willReadFrequently) on the console.
    const t = Object.assign(document.createElement('canvas'), { width: c.width, height: c.height });
    const x = t.getContext('2d', { willReadFrequently: true });
    x.drawImage(c, 0, 0);
    const d = x.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i] - r) <= tol && Math.abs(d[i + 1] - g) <= tol && Math.abs(d[i + 2] - b) <= tol) n++;
    }
    return n > min;
  }, { selector, rgb, min, tol }, { timeout, polling: 100 }));
  return colourCount(page, selector, rgb, tol);
}

// Waits until the text of `selector` (or its attribute `attr`) matches `re`; returns it.
export async function waitText(page, selector, re, { attr = null, timeout = 30000 } = {}) {
  await settle(page.waitForFunction(({ selector, source, flags, attr }) => {
    const e = document.querySelector(selector);
    const text = e && (attr ? e.getAttribute(attr) : e.textContent);
    return text != null && new RegExp(source, flags).test(text);
  }, { selector, source: re.source, flags: re.flags, attr }, { timeout, polling: 100 }));
  return attr ? page.getAttribute(selector, attr) : page.textContent(selector);
}

// Resolves once every chart the page has asked for is drawn and a frame has passed.
export const chartsDrawn = (page) => page.evaluate(async () => (await import('/charts.js')).whenDrawn());

// Compares two PNG images (base64) in `page`, robust to font anti-aliasing:
// both are averaged over BLOCK × BLOCK pixel blocks; returns the fraction of
// blocks differing by more than LEVELS in any channel ({sizeMismatch} when
// the sizes differ). Used by the screenshot references.
const BLOCK = 4;
const LEVELS = 24;
export async function compareImages(page, a, b) {
  return page.evaluate(async ({ a, b, BLOCK, LEVELS }) => {
    const load = async (b64) => {
      // Decoded here: the page's CSP (connect-src 'self') refuses data: URLs.
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const ctx = c.getContext('2d');
      ctx.drawImage(bmp, 0, 0);
      return { w: bmp.width, h: bmp.height, d: ctx.getImageData(0, 0, bmp.width, bmp.height).data };
    };
    const [x, y] = [await load(a), await load(b)];
    if (x.w !== y.w || x.h !== y.h) return { sizeMismatch: `${x.w}×${x.h} vs ${y.w}×${y.h}` };
    let blocks = 0;
    let differ = 0;
    for (let by = 0; by + BLOCK <= x.h; by += BLOCK) {
      for (let bx = 0; bx + BLOCK <= x.w; bx += BLOCK) {
        const sum = [0, 0, 0];
        for (let j = 0; j < BLOCK; j++) {
          for (let i = 0; i < BLOCK; i++) {
            const k = ((by + j) * x.w + bx + i) * 4;
            for (let ch = 0; ch < 3; ch++) sum[ch] += x.d[k + ch] - y.d[k + ch];
          }
        }
        blocks++;
        if (sum.some((s) => Math.abs(s) / (BLOCK * BLOCK) > LEVELS)) differ++;
      }
    }
    return { fraction: differ / blocks };
  }, { a, b, BLOCK, LEVELS });
}

// The text chunks (iTXt, uncompressed) of PNG `bytes` as {keyword: text},
// after checking the signature and every chunk's CRC-32 with Node's zlib
// (independent of the page's own CRC).
export function pngText(bytes) {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  const text = {};
  let at = 8;
  while (at < bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.subarray(at + 4, at + 8).toString('latin1');
    const data = bytes.subarray(at + 8, at + 8 + length);
    assert.equal(bytes.readUInt32BE(at + 8 + length), crc32(bytes.subarray(at + 4, at + 8 + length)), `CRC of ${type}`);
    if (type === 'iTXt') {
      const nul = data.indexOf(0);
      assert.deepEqual([...data.subarray(nul, nul + 5)], [0, 0, 0, 0, 0], 'uncompressed, no language');
      text[data.subarray(0, nul).toString('latin1')] = data.subarray(nul + 5).toString('utf8');
    }
    at += 12 + length;
    if (type === 'IEND') break;
  }
  assert.equal(at, bytes.length, 'the file ends with IEND');
  return text;
}
