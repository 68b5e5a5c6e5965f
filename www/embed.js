// The embed page: one <modulab-figure> filling the frame. Its figure comes
// from the hash (a page link's state, `#v1.…`) or from
// `?scenario=scenarios/NAME.json&metric=…&window=…&band=…`. "Open in
// ModuLab" opens the same figure on the page (its link state).
import './modulab-figure.js';
import * as engine from './pkg/modulab.js';
import { encodeState } from './state.js';
import { linkState } from './figure-share.js';

const figure = document.getElementById('figure');
const full = document.getElementById('open-full');
const params = new URLSearchParams(location.search);
const scenario = params.get('scenario');
const PRESET = /^scenarios\/[A-Za-z0-9_-]+\.json$/;
for (const name of ['metric', 'window', 'band', 'speed']) {
  const v = params.get(name);
  if (v && /^[A-Za-z0-9_]{1,40}$/.test(v)) figure.setAttribute(name, v);
}
if (location.hash.length > 1) {
  figure.setAttribute('state', location.hash);
  full.href = `index.html${location.hash}`;
} else if (scenario && !PRESET.test(scenario)) {
  // Only preset files of this site: a link cannot point the figure
  // elsewhere. Said, rather than showing another figure in its place.
  const refused = Object.assign(document.createElement('p'), {
    className: 'error',
    textContent: `This figure cannot be shown: "${scenario.slice(0, 200)}" is not a preset of this site (embed.html shows scenario=scenarios/NAME.json, or a page link's #v1.… state).`,
  });
  refused.setAttribute('role', 'alert');
  figure.replaceWith(refused);
} else {
  const file = scenario ?? 'scenarios/bandit.json';
  figure.setAttribute('scenario', file);
  // The page's link to this preset with this chart's metric, window and
  // band (as the figure resolved them).
  figure.load().then(async () => {
    if (!figure.scenario || !figure.view) return;
    const { metric, window, band } = figure.view.opts;
    const view = { preset: file.slice('scenarios/'.length), charts: [metric], window, band };
    if (figure.getAttribute('speed')) view.speed = figure.getAttribute('speed');
    full.href = `index.html#${await encodeState(linkState(engine, { scenario: figure.scenario, view }))}`;
  });
}
