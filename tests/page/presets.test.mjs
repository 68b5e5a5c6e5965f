// The scenario picker lists every preset: www/scenarios.json names
// each *.json file in the folder once, with a theme and a title, and every
// listed file exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { WWW } from './server.mjs';

test('every preset file is listed in scenarios.json, with a theme and a title', async () => {
  const dir = `${WWW}scenarios/`;
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const index = JSON.parse(await readFile(`${WWW}scenarios.json`, 'utf8'));
  const listed = index.scenarios.map((s) => s.file);
  assert.deepEqual([...listed].sort(), files, 'listed files = files in the folder');
  assert.equal(new Set(listed).size, listed.length, 'each listed once');
  for (const s of index.scenarios) {
    assert.ok(typeof s.theme === 'string' && s.theme.length > 0, `${s.file} has a theme`);
    assert.ok(typeof s.title === 'string' && s.title.length > 0, `${s.file} has a title`);
    if (s.charts !== undefined) assert.ok(Array.isArray(s.charts) && s.charts.every((c) => typeof c === 'string'), `${s.file}: charts`);
  }
});

// The page's scripts never turn data into markup or code, and never set
// inline styles (which a strict style-src forbids).
test('no innerHTML, eval or inline styles in the page scripts', async () => {
  const files = (await readdir(WWW)).filter((f) => f.endsWith('.js'));
  assert.ok(files.length >= 8, `scripts found: ${files}`);
  const forbidden = [/\.innerHTML\b/, /\.outerHTML\b/, /insertAdjacentHTML/, /document\.write/, /\beval\(/, /new Function\(/,
    /\.style\.[a-z]/, /setAttribute\(\s*['"]style['"]/, /createElement\(\s*['"]style['"]/, /cssText/];
  for (const f of files) {
    const text = await readFile(`${WWW}${f}`, 'utf8');
    for (const re of forbidden) assert.doesNotMatch(text, re, `${f} uses ${re}`);
  }
});
