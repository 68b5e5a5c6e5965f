// What the main page and the spiking page share to hand a figure on:
// downloads, the link state (scenario + view + the engine's identity), the
// Copy link button, the export buttons (CSV, results JSON, scenario) and
// the Embed dialog (an iframe of embed.html and a <modulab-figure> element
// holding the state, with the command that makes the fallback image). The
// engine validates the scenario, writes every export and names its
// identity; nothing is computed here.
import { encodeState } from './state.js';
import { el } from './form.js';
import { scenarioJson } from './pkg/modulab.js';

export function download(name, blob) {
  const a = el('a', { download: name, href: URL.createObjectURL(blob) });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 5000);
}

export const slug = (s) => (s || 'modulab').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'modulab';

// Downloads a canvas as PNG. With the experiment it shows, the image
// carries the engine version, the model fingerprint and the title as PNG
// text (exiftool, ImageMagick's identify -verbose and Pillow show them), as
// every other export does.
export function downloadPng(canvas, name, experiment) {
  let id = null;
  let title = '';
  try { id = experiment?.identity() ?? null; title = experiment?.info().name ?? ''; } catch { id = null; }
  canvas.toBlob(async (b) => {
    if (!b) return;
    if (!id) { download(name, b); return; }
    const text = [
      ['Software', `ModuLab ${id.engine_version}`],
      ['Comment', `model fingerprint ${id.fingerprint} (the same fingerprint gives identical numbers)`],
      ...(title ? [['Title', title]] : []),
    ];
    download(name, pngWithText(new Uint8Array(await b.arrayBuffer()), text));
  }, 'image/png');
}

// CRC-32 of PNG chunks (ISO 3309, as the PNG specification gives it).
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const x of bytes) c = CRC_TABLE[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

// The PNG `bytes` with an iTXt chunk (UTF-8 text, uncompressed) per
// [keyword, text] right after its IHDR chunk, which is always first.
export function pngWithText(bytes, entries) {
  const utf8 = new TextEncoder();
  const chunks = entries.map(([keyword, text]) => {
    // keyword, NUL, no compression (flag and method), empty language tag and
    // translated keyword (each NUL-terminated), then the text.
    const data = new Uint8Array([...utf8.encode(keyword), 0, 0, 0, 0, 0, ...utf8.encode(text)]);
    const chunk = new Uint8Array(12 + data.length);
    const view = new DataView(chunk.buffer);
    view.setUint32(0, data.length);
    chunk.set(utf8.encode('iTXt'), 4);
    chunk.set(data, 8);
    view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
    return chunk;
  });
  // The signature (8 bytes), then IHDR: length, type, 13 bytes, CRC.
  const afterHeader = 8 + 4 + 4 + 13 + 4;
  return new Blob([bytes.subarray(0, afterHeader), ...chunks, bytes.subarray(afterHeader)], { type: 'image/png' });
}

// The state a link holds: the scenario, the view and the engine version and
// model fingerprint it was made with (left out when the engine refuses the
// scenario).
export function linkState(engine, state) {
  let engineId;
  try { engineId = engine.identity(JSON.stringify(state.scenario)); } catch { engineId = undefined; }
  return { scenario: state.scenario, view: state.view, ...(engineId ? { engine: engineId } : {}) };
}

// The notes at the end of the page's <header>: the link the Copy link
// button made (shown once it is pressed) and what a link or file says of
// its numbers (the engine's identity check).
export function headerNotes() {
  const link = el('input', { id: 'share-link', type: 'text', readOnly: true });
  const share = el('p', { id: 'share-note', className: 'hint', hidden: true },
    el('label', { htmlFor: 'share-link', text: 'Link to this figure' }), link);
  const identity = el('p', { id: 'identity-note', className: 'note', role: 'status', hidden: true });
  document.querySelector('header').append(share, identity);
}

// Copy link: the page's state into its URL and the clipboard (or shown in
// `ui.shareLink` under the header); returns the URL's new hash.
export async function shareLink(engine, state, ui, setStatus) {
  const hash = `#${await encodeState(linkState(engine, state))}`;
  history.replaceState(null, '', hash);
  ui.shareLink.value = location.href;
  ui.shareNote.hidden = false;
  try {
    await navigator.clipboard.writeText(location.href);
    setStatus('Link copied: it reproduces this figure exactly.');
  } catch {
    ui.shareLink.select();
    setStatus('Copy the link shown under the header.');
  }
  return hash;
}

// The export buttons of a page, put first in `box` (an element of class
// "exports"): CSV, results JSON and the scenario file, each written by the
// engine. page: {runner, info() (the run's engine.info()), state() (the
// page's {scenario, view}: the scenario file holds the settings on the page,
// run or not), setStatus, showError, updateButtons}.
export class Exports {
  constructor(box, page) {
    this.page = page;
    const button = (id, text) => el('button', { id, type: 'button', className: 'secondary', text, disabled: true });
    this.csv = button('csv', 'Download CSV');
    this.json = button('json', 'Download results (JSON)');
    this.scenario = button('scenario-file', 'Download scenario');
    box.prepend(this.csv, this.json, this.scenario);
    this.csv.addEventListener('click', () => this.results('.csv', 'text/csv', (exp) => exp.csv()));
    // The results file keeps the view the runs are shown in (charts, window,
    // band), which the page restores on opening it.
    this.json.addEventListener('click', () => this.results('-results.json', 'application/json', (exp) => exp.resultsJson(JSON.stringify(this.page.state().view ?? {}))));
    this.scenario.addEventListener('click', () => this.saveScenario());
  }

  // The scenario on the page (edited since its last run or not), with every
  // default filled in by the engine, which refuses an invalid one.
  saveScenario() {
    const { state, showError } = this.page;
    const scenario = state().scenario;
    let text;
    try { text = scenarioJson(scenario); } catch (e) { showError(`Download scenario: ${e.message}`); return; }
    download(`${slug(scenario.name)}.json`, new Blob([text], { type: 'application/json' }));
  }

  // Enables what experiment `exp` (or none) can export.
  update(exp) {
    const has = !!exp && exp.trialsDone > 0;
    this.csv.disabled = !has;
    this.json.disabled = !has;
    this.scenario.disabled = !exp;
  }

  // Exports every recorded point run so far. A run still going is paused
  // first (the worker then sends every metric, not just the charted ones);
  // a run that has not finished is exported as it is, named and marked
  // partial.
  async results(suffix, type, write) {
    const { setStatus, showError, updateButtons } = this.page;
    const runner = this.page.runner();
    if (runner.state === 'running') { runner.pause(); updateButtons(); }
    await runner.settled();
    const exp = runner.experiment;
    if (!exp) return;
    const info = this.page.info();
    try {
      const partial = !exp.done;
      const name = `${slug(info?.name)}${partial ? `-partial-${exp.trialsDone}-of-${info.trials}` : ''}${suffix}`;
      download(name, new Blob([write(exp)], { type }));
      setStatus(partial
        ? `Exported a partial run: ${info.x_axis.point}s 1–${exp.trialsDone} of ${info.trials} of every condition and seed (${name}). Press Resume to finish it.`
        : `Exported ${name}.`);
    } catch (e) {
      showError(`Export failed: ${e.message}`);
    }
  }
}

// The Embed dialog's elements, made once for the page.
function embedDialog() {
  const small = (id, text) => el('button', { id, type: 'button', className: 'small secondary', text });
  const snippet = (id, heading, hidden, rows, describedBy) => {
    const area = el('textarea', { id, readOnly: true, rows });
    area.setAttribute('aria-describedby', describedBy);
    return [el('h3', { id: `${id}-heading`, text: heading }),
      el('label', { htmlFor: id, className: 'visually-hidden', text: hidden }), area];
  };
  const command = el('input', { id: 'embed-command', type: 'text', readOnly: true });
  const status = el('p', { id: 'embed-status', className: 'hint', role: 'status' });
  status.setAttribute('aria-live', 'polite');
  const dialog = el('dialog', { id: 'embed-dialog' },
    el('h2', { id: 'embed-heading', text: 'Embed this figure' }),
    el('p', { id: 'embed-about', className: 'hint', text: 'Either snippet shows a chart of this page: the same scenario, seeds and numbers (same model fingerprint), the chart you pick, its smoothing, band and title.' }),
    el('div', { className: 'field' }, el('label', { htmlFor: 'embed-chart', text: 'Chart' }), el('select', { id: 'embed-chart' })),
    ...snippet('embed-iframe', 'As an iframe', 'Iframe snippet', 4, 'embed-iframe-heading'),
    small('embed-copy-iframe', 'Copy the iframe snippet'),
    ...snippet('embed-element', 'As an element in your own page', 'Element snippet', 8, 'embed-element-heading embed-png-help'),
    small('embed-copy-element', 'Copy the element snippet'),
    el('p', { id: 'embed-png-help', className: 'hint', text: 'Readers without JavaScript or WebAssembly see the image inside the element. Make it once, as the author, with the command line from the scenario file (same chart, smoothing, band and title):' }),
    el('label', { htmlFor: 'embed-command', className: 'visually-hidden', text: 'Command that makes the fallback image' }),
    command,
    el('div', { className: 'card-buttons' }, small('embed-scenario', 'Download the scenario file'), el('button', { id: 'embed-close', type: 'button', text: 'Close' })),
    status);
  dialog.setAttribute('aria-labelledby', 'embed-heading');
  dialog.setAttribute('aria-describedby', 'embed-about');
  const footer = document.querySelector('footer');
  if (footer) footer.before(dialog); else document.body.append(dialog);
  return dialog;
}

const escapeAttr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// The Embed dialog of a page, opened by its button #embed (the dialog's
// elements are made here: embed-dialog, embed-chart, embed-iframe,
// embed-element, embed-command, embed-status, embed-copy-iframe,
// embed-copy-element, embed-scenario, embed-close).
// source() → {engine, state, name, table}: the engine module, the page's
// state ({scenario, view}), the figure's name and the engine's metric table.
export class EmbedDialog {
  constructor(source) {
    if (!document.getElementById('embed-dialog')) embedDialog();
    const $ = (id) => document.getElementById(id);
    this.source = source;
    this.ui = {
      button: $('embed'), dialog: $('embed-dialog'), chart: $('embed-chart'), iframe: $('embed-iframe'),
      element: $('embed-element'), command: $('embed-command'), status: $('embed-status'),
    };
    const ui = this.ui;
    ui.button.addEventListener('click', () => this.open());
    ui.chart.addEventListener('change', () => this.fill());
    $('embed-copy-iframe').addEventListener('click', () => this.copy(ui.iframe.value, 'The iframe snippet', ui.iframe));
    $('embed-copy-element').addEventListener('click', () => this.copy(ui.element.value, 'The element snippet', ui.element));
    $('embed-scenario').addEventListener('click', async () => {
      const { file } = await this.snippets(Number(ui.chart.value) || 0);
      download(`${file}.json`, new Blob([`${JSON.stringify(this.source().state.scenario, null, 2)}\n`], { type: 'application/json' }));
      ui.status.textContent = `Saved ${file}.json: run the command above where it is saved.`;
    });
    $('embed-close').addEventListener('click', () => { ui.dialog.close(); ui.button.focus(); });
    ui.dialog.addEventListener('close', () => { delete ui.dialog.dataset.ready; });
  }

  // The snippets of chart `i` as it is now.
  async snippets(i) {
    const { engine, state, name: fallbackName, table } = this.source();
    const current = linkState(engine, state);
    const hash = `#${await encodeState(current)}`;
    const base = new URL('.', location.href).href;
    const metric = state.view.charts[i] ?? state.view.charts[0];
    const { window: w, band } = state.view;
    const name = state.scenario.name || fallbackName || 'ModuLab figure';
    const axis = table?.metrics.find((m) => m.name === metric)?.axis ?? metric;
    const label = `${name}: ${axis}`;
    const file = slug(name);
    // Named apart from the page's PNG export of the chart (FILE-METRIC.png,
    // at the chart's size on screen): the fallback is 640 × 300.
    const png = `${file}-${metric}-fallback.png`;
    const id = current.engine ?? {};
    const query = new URLSearchParams({ metric, window: String(w), band });
    const iframe = `<iframe src="${escapeAttr(`${base}embed.html?${query}${hash}`)}"\n        title="${escapeAttr(`ModuLab: ${label}`)}"\n        sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" width="640" height="420" loading="lazy"></iframe>`;
    const element = [
      `<script type="module" src="${escapeAttr(`${base}modulab-figure.js`)}"></script>`,
      `<modulab-figure state="${escapeAttr(hash)}"`,
      `                metric="${escapeAttr(metric)}" window="${w}" band="${band}"`,
      `                label="${escapeAttr(label)}"`,
      `                engine-version="${escapeAttr(id.engine_version ?? '')}" fingerprint="${escapeAttr(id.fingerprint ?? '')}">`,
      // Lazy: a figure further down the article does not fetch its
      // fallback once the live figure has replaced it.
      `  <img src="${escapeAttr(png)}" width="640" height="300" loading="lazy"`,
      `       alt="${escapeAttr(`${label} (ModuLab ${id.engine_version ?? ''}, model fingerprint ${id.fingerprint ?? 'none'}); the live figure needs JavaScript and WebAssembly`)}">`,
      '</modulab-figure>',
    ].join('\n');
    const command = `modulab figure ${file}.json --metric ${metric} --window ${w} --band ${band} --width 640 --height 300 --out ${png}`;
    return { iframe, element, command, hash, metric, file };
  }

  async fill() {
    const { iframe, element, command } = await this.snippets(Number(this.ui.chart.value) || 0);
    this.ui.iframe.value = iframe;
    this.ui.element.value = element;
    this.ui.command.value = command;
  }

  async open() {
    const { state, table } = this.source();
    const ui = this.ui;
    const keep = ui.chart.value;
    ui.chart.replaceChildren(...state.view.charts.map((m, i) => el('option', {
      value: String(i), text: `Chart ${i + 1}: ${table?.metrics.find((x) => x.name === m)?.axis ?? m}`,
    })));
    if (keep && Number(keep) < state.view.charts.length) ui.chart.value = keep;
    ui.status.textContent = '';
    await this.fill();
    if (!ui.dialog.open) ui.dialog.showModal();
    ui.dialog.dataset.ready = 'true';
  }

  async copy(text, what, field) {
    try {
      await navigator.clipboard.writeText(text);
      this.ui.status.textContent = `${what} copied.`;
    } catch {
      field.focus();
      field.select();
      this.ui.status.textContent = `${what} selected: copy it with Ctrl+C (⌘C).`;
    }
  }
}
