// Re-stamps every page link (`#v1.<state>`) written into the site's HTML
// (exercise pages, teacher pages, the article's iframe) with this engine's
// identity: each link's scenario is kept as written and its `engine`
// (engine version and model fingerprint) recomputed by the built wasm. An
// exercise page's preset link (the link whose scenario bears the name of
// the exercise's file, www/exercises/NAME.json) takes that file's scenario.
// Run after a change that bumps modulab::fingerprint::NUMERICS or adds a
// scenario field: `make links`. `--check` changes nothing and exits 1 when a
// link is stale (the page tests also open the links and expect "identical").
//
// The encoding is the page's own (www/state.js): JSON, raw deflate, base64url.
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { join } from 'node:path';
import { initSync, identity } from '../www/pkg/modulab.js';

const root = new URL('..', import.meta.url).pathname;
initSync({ module: readFileSync(join(root, 'www/pkg/modulab_bg.wasm')) });

const TAG = 'v1.';
const decode = (text) => JSON.parse(inflateRawSync(Buffer.from(text, 'base64url')).toString('utf8'));
const encode = (state) => TAG + deflateRawSync(Buffer.from(JSON.stringify(state), 'utf8'), { level: 9 }).toString('base64url');

const pages = [
  'www/article.html',
  ...readdirSync(join(root, 'www/exercises')).filter((f) => f.endsWith('.html')).map((f) => `www/exercises/${f}`),
  ...readdirSync(join(root, 'www/exercises/teacher')).filter((f) => f.endsWith('.html')).map((f) => `www/exercises/teacher/${f}`),
];
const check = process.argv.includes('--check');
let stale = 0;
for (const page of pages) {
  const path = join(root, page);
  const html = readFileSync(path, 'utf8');
  const own = page.match(/^www\/exercises\/([a-z_]+)\.html$/);
  const file = own && join(root, `www/exercises/${own[1]}.json`);
  const preset = file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  const out = html.replace(/#v1\.([A-Za-z0-9_-]+)/g, (whole, data) => {
    const state = decode(data);
    const moved = preset && state.scenario?.name === preset.name && JSON.stringify(state.scenario) !== JSON.stringify(preset);
    if (moved) state.scenario = preset;
    const id = identity(JSON.stringify(state.scenario));
    const same = !moved && state.engine && state.engine.fingerprint === id.fingerprint && state.engine.engine_version === id.engine_version;
    if (same) return whole;
    stale += 1;
    console.log(`${page}: ${moved ? 'scenario from its file, ' : ''}${state.engine?.fingerprint ?? 'no fingerprint'} -> ${id.fingerprint}`);
    return `#${encode({ ...state, engine: { engine_version: id.engine_version, fingerprint: id.fingerprint } })}`;
  });
  if (!check && out !== html) writeFileSync(path, out);
}
console.log(`${stale} link(s) ${check ? 'stale' : 're-stamped'}`);
if (check && stale) process.exit(1);
