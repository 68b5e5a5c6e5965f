// Builds the npm package of <modulab-figure> (`make npm`): npm/ (its
// package.json, README and the element's declarations) plus every file the
// element loads, found by following its imports from www/ (modules, the
// worker, the wasm and its glue with wasm-bindgen's declarations), with the
// version of Cargo.toml; then `npm pack`s it.
//   node tools/npm-package.mjs OUT_DIR   ->  OUT_DIR/modulab-VERSION.tgz
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const WWW = join(ROOT, 'www');
const out = process.argv[2] ?? 'dist-npm';
const stage = join(out, 'modulab');
const version = readFileSync(join(ROOT, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];

// The files a module loads: static imports and `new URL('./x', import.meta.url)`.
function closure(start) {
  const seen = new Set();
  const todo = [start];
  while (todo.length) {
    const rel = todo.pop();
    if (seen.has(rel)) continue;
    if (!existsSync(join(WWW, rel))) throw new Error(`www/${rel} missing: run make wasm`);
    seen.add(rel);
    if (!rel.endsWith('.js')) continue;
    const text = readFileSync(join(WWW, rel), 'utf8');
    const refs = [...text.matchAll(/(?:from|import)\s*['"](\.{1,2}\/[^'"]+)['"]|new URL\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*,\s*import\.meta\.url/g)];
    for (const m of refs) todo.push(normalize(join(dirname(rel), m[1] ?? m[2])));
  }
  return [...seen];
}

rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
const files = closure('modulab-figure.js');
// wasm-bindgen's declarations of the wasm API sit beside its glue.
for (const f of readdirSync(join(WWW, 'pkg'))) if (f.endsWith('.d.ts')) files.push(`pkg/${f}`);
if (!files.includes('pkg/modulab.d.ts')) throw new Error('www/pkg/modulab.d.ts missing: run make wasm');
for (const f of files) cpSync(join(WWW, f), join(stage, f));
for (const f of readdirSync(join(ROOT, 'npm'))) cpSync(join(ROOT, 'npm', f), join(stage, f));
const pkg = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8'));
pkg.version = version;
pkg.files = [...files, 'modulab-figure.d.ts'].sort();
writeFileSync(join(stage, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
const tgz = execFileSync('npm', ['pack', '--pack-destination', '..', '--loglevel=error'], { cwd: stage, encoding: 'utf8' }).trim().split('\n').pop();
console.log(`${join(out, tgz)}: ${pkg.files.length} files`);
