// The embed page: one <modulab-figure> filling the frame. Its figure comes
// from the hash (a page link's state, `#v1.…`) or from
// `?scenario=scenarios/NAME.json&metric=…&window=…&band=…`.
import './modulab-figure.js';

const figure = document.getElementById('figure');
const params = new URLSearchParams(location.search);
const scenario = params.get('scenario');
if (location.hash.length > 1) {
  figure.setAttribute('state', location.hash);
  document.getElementById('open-full').href = `index.html${location.hash}`;
} else {
  // Only preset files of this site: a link cannot point the figure elsewhere.
  figure.setAttribute('scenario', scenario && /^scenarios\/[A-Za-z0-9_-]+\.json$/.test(scenario) ? scenario : 'scenarios/bandit.json');
}
for (const name of ['metric', 'window', 'band', 'speed']) {
  const v = params.get(name);
  if (v && /^[A-Za-z0-9_]{1,40}$/.test(v)) figure.setAttribute(name, v);
}
