// The npm package of <modulab-figure> (`make npm`, dist-npm/modulab-VERSION.tgz):
// installed offline into a scratch site that is not ModuLab's, it holds the
// element, the wasm, its glue and TypeScript declarations, and a minimal page
// with no bundler renders the element, with no request leaving its origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../tools/serve.mjs';
import { launch, watch } from './browser.mjs';
import { figuresDrawn, failures } from './figures.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VERSION = readFileSync(join(ROOT, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
const TGZ = join(ROOT, 'dist-npm', `modulab-${VERSION}.tgz`);
const site = mkdtempSync(join(tmpdir(), 'modulab-npm-site-'));
const PKG = join(site, 'node_modules', 'modulab');
let server;
let context;

before(async () => {
  assert.ok(existsSync(TGZ), `${TGZ} is built (make npm)`);
  writeFileSync(join(site, 'package.json'), JSON.stringify({ name: 'someones-site', private: true }));
  // --offline: a tarball with no dependencies needs no registry.
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', TGZ], { cwd: site, stdio: 'pipe' });
  writeFileSync(join(site, 'bandit.json'), JSON.stringify({ name: 'two arms', task: { kind: 'bandit', trials: 150 }, seeds: 4 }));
  writeFileSync(join(site, 'index.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Someone's article</title><link rel="icon" href="data:,">
<script type="module" src="node_modules/modulab/modulab-figure.js"></script></head>
<body><h1>A figure</h1>
<modulab-figure scenario="bandit.json" metric="correct" label="Learning curve"></modulab-figure>
</body></html>`);
  server = await serve({ root: site });
  context = await launch();
});

after(async () => {
  await context?.close();
  await server?.close();
});

test('the package holds the element, the wasm, its glue and declarations, at the engine version', () => {
  const pkg = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
  assert.equal(pkg.version, VERSION);
  for (const f of ['modulab-figure.js', 'worker.js', 'pkg/modulab.js', 'pkg/modulab_bg.wasm', 'pkg/modulab.d.ts', 'modulab-figure.d.ts']) {
    assert.ok(existsSync(join(PKG, f)), f);
  }
  assert.match(readFileSync(join(PKG, 'pkg/modulab.d.ts'), 'utf8'), /export class Experiment\b/);
  const dts = readFileSync(join(PKG, 'modulab-figure.d.ts'), 'utf8');
  assert.match(dts, /interface HTMLElementTagNameMap \{\s*'modulab-figure': ModulabFigure;/);
  for (const attr of ['scenario', 'state', 'metric', 'window', 'band', 'speed', 'autorun', 'label']) {
    assert.match(dts, new RegExp(`^\\s*${attr}\\?:`, 'm'), `attribute ${attr} declared`);
  }
  assert.equal(pkg.exports['.'].types, './modulab-figure.d.ts');
  assert.ok(existsSync(join(PKG, pkg.exports['./engine'].types)));
});

test('a page that is not ModuLab\'s renders <modulab-figure> from the package, all from its own origin', async () => {
  const page = await context.newPage();
  const origin = server.url.replace(/\/$/, '');
  const problems = watch(page, origin);
  const failed = failures(page);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(server.url);
  const [figure] = await figuresDrawn(page);
  assert.ok(figure, 'the element is defined and on the page');
  assert.equal(figure.error, '');
  assert.equal(figure.state, 'done');
  assert.ok(figure.ink > 5000, `the canvas is drawn (${figure.ink} pixels)`);
  assert.ok(requests.some((u) => u.endsWith('/node_modules/modulab/pkg/modulab_bg.wasm')), 'the wasm came from the package');
  assert.deepEqual(requests.filter((u) => !u.startsWith(`${origin}/`)), [], 'no request leaves the origin');
  assert.deepEqual([...problems, ...failed], []);
  await page.close();
});
