// docs/figures.md, the one source of measured figures: tools/figures.mjs
// reads the benches' `figure:` lines and judges budgets; the file exists with
// the figures the issue asks for; README and docs/page.md quote none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse, verdict } from '../../tools/figures.mjs';

const read = (p) => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8');

test('figure lines are parsed, other lines ignored, budgets judged', () => {
  const f = parse([
    'page download: 320 KB gzipped',
    'figure: page.download_gzipped = 320.6 KB | everything the page downloads | <= 300',
    'figure: native.reversal = 5.70 M trials/s | full circuit | >= 1',
    'figure: wasm.reversal = 2.80 M trials/s | in Node | >= 0.5 x native.reversal',
    'figure: page.batch_4m = 5.5 s | no budget',
  ].join('\n'));
  assert.deepEqual([...f.keys()], ['page.download_gzipped', 'native.reversal', 'wasm.reversal', 'page.batch_4m']);
  assert.equal(f.get('page.download_gzipped').unit, 'KB');
  assert.equal(verdict(f.get('page.download_gzipped'), f), '**not met**: 320.6 KB');
  assert.equal(verdict(f.get('native.reversal'), f), 'met');
  assert.equal(verdict(f.get('wasm.reversal'), f), '**not met** (0.49 of native.reversal)');
  assert.equal(verdict(f.get('page.batch_4m'), f), '');
});

test('docs/figures.md holds every figure the issue names', () => {
  const text = read('docs/figures.md');
  for (const key of ['native.reversal', 'wasm.reversal', 'spiking.native', 'page.first_chart', 'page.batch', 'page.longest_frame', 'page.download_gzipped']) {
    assert.match(text, new RegExp(`^\\| \`${key.replace('.', '\\.')}\` \\| -?[0-9]`, 'm'), key);
  }
});

test('README and docs/page.md quote no figure in their figures sections: they point to docs/figures.md', () => {
  for (const [file, link] of [['README.md', 'docs/figures.md'], ['docs/page.md', 'figures.md']]) {
    const text = read(file);
    const section = text.slice(text.indexOf('## Figures'), text.indexOf('\n## ', text.indexOf('## Figures') + 3) >>> 0);
    assert.ok(section.includes(`(${link})`), `${file} points to ${link}`);
    // Budgets (≤ 300 KB, ≤ 1 s, 50 ms, half, 1.8×) are not measurements; a table row or a measured value is.
    assert.doesNotMatch(section, /^\|.*\d/m, `${file}: no table of numbers`);
    assert.doesNotMatch(section, /\d+(\.\d+)? ?(M trials\/s|KB raw|ms median|ms per model)/, `${file}: no measured value`);
  }
});
