// What the main page and the spiking page share to hand a figure on:
// downloads, the link state (scenario + view + the engine's identity), and
// the Embed dialog (an iframe of embed.html and a <modulab-figure> element
// holding the state, with the command that makes the fallback image). The
// engine validates the scenario and names its identity; nothing is
// computed here.
import { encodeState } from './state.js';
import { el } from './form.js';

export function download(name, blob) {
  const a = el('a', { download: name, href: URL.createObjectURL(blob) });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 5000);
}

export const slug = (s) => (s || 'modulab').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'modulab';

// Downloads a canvas as PNG.
export function downloadPng(canvas, name) {
  canvas.toBlob((b) => b && download(name, b), 'image/png');
}

// The state a link holds: the scenario, the view and the engine version and
// model fingerprint it was made with (left out when the engine refuses the
// scenario).
export function linkState(engine, state) {
  let engineId;
  try { engineId = engine.identity(JSON.stringify(state.scenario)); } catch { engineId = undefined; }
  return { scenario: state.scenario, view: state.view, ...(engineId ? { engine: engineId } : {}) };
}

const escapeAttr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// The Embed dialog of a page (elements with the ids embed, embed-dialog,
// embed-chart, embed-iframe, embed-element, embed-command, embed-status,
// embed-copy-iframe, embed-copy-element, embed-scenario, embed-close).
// source() → {engine, state, name, table}: the engine module, the page's
// state ({scenario, view}), the figure's name and the engine's metric table.
export class EmbedDialog {
  constructor(source) {
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
    const png = `${file}-${metric}.png`;
    const id = current.engine ?? {};
    const query = new URLSearchParams({ metric, window: String(w), band });
    const iframe = `<iframe src="${escapeAttr(`${base}embed.html?${query}${hash}`)}"\n        title="${escapeAttr(`ModuLab: ${label}`)}"\n        sandbox="allow-scripts" width="640" height="420" loading="lazy"></iframe>`;
    const element = [
      `<script type="module" src="${escapeAttr(`${base}modulab-figure.js`)}"></script>`,
      `<modulab-figure state="${escapeAttr(hash)}"`,
      `                metric="${escapeAttr(metric)}" window="${w}" band="${band}"`,
      `                label="${escapeAttr(label)}"`,
      `                engine-version="${escapeAttr(id.engine_version ?? '')}" fingerprint="${escapeAttr(id.fingerprint ?? '')}">`,
      `  <img src="${escapeAttr(png)}" width="640" height="300"`,
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
