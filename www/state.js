// The page's whole state (scenario + view) in the URL hash: JSON,
// deflate-compressed, base64url, behind a version tag: `#v1.<data>`.
// The browser undoes base64url and deflate here; the engine (decodeState,
// src/share.rs) reads the JSON text: it validates the scenario and cleans
// the view, value by value. The engine must be initialised before decoding.
import { decodeState as readState, limits } from './pkg/modulab.js';

const TAG = 'v1.';
export const MAX_HASH = 65536;
// The longest state text the engine accepts (its scenario text limit).
const maxJson = () => limits().max_text_bytes;

function toBase64Url(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('the link holds characters a ModuLab link never has');
  const b64 = text.replaceAll('-', '+').replaceAll('_', '/');
  const s = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

async function pipe(bytes, stream, limit) {
  const out = new Blob([bytes]).stream().pipeThrough(stream);
  const reader = out.getReader();
  const parts = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) { reader.cancel(); throw new Error('the link\'s state is too large'); }
    parts.push(value);
  }
  return new Uint8Array(await new Blob(parts).arrayBuffer());
}

// State → the hash text (without '#').
// Whether `hash` names an element of the page (the skip link's #figure),
// not a state: the page moves there and keeps its scenario.
export function isAnchor(hash) {
  if (hash.length <= 1) return false;
  try { return document.getElementById(decodeURIComponent(hash.slice(1))) !== null; } catch { return false; }
}

export async function encodeState(state) {
  const json = new TextEncoder().encode(JSON.stringify(state));
  return TAG + toBase64Url(await pipe(json, new CompressionStream('deflate-raw'), maxJson()));
}

// Hash text (with or without '#') → {scenario (valid, as written), view
// (clean; the page checks that view.preset is one of its presets)}; throws an
// Error whose message says what is wrong, for the page to show.
export async function decodeState(hash) {
  // A link that ended a sentence may carry the sentence's punctuation
  // (`…#v1.AbC.` or `(…#v1.AbC)`), never part of a link's data: left out.
  // Percent-encoded (%29) as some mail programs write it, too.
  const text = hash.replace(/^#/, '').replace(/(?:[.,;:!?)\]'"]|%2[29]|%5D)+$/i, '');
  if (text.length > MAX_HASH) throw new Error('the link is too long');
  if (!text.startsWith(TAG)) throw new Error('the link is not a ModuLab state (it should start with #v1.)');
  let bytes;
  try {
    bytes = await pipe(fromBase64Url(text.slice(TAG.length)), new DecompressionStream('deflate-raw'), maxJson());
  } catch (e) {
    throw new Error(`the link's data cannot be read (${e.message})`);
  }
  let json;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('the link\'s data is not UTF-8 text');
  }
  return readState(json);
}
