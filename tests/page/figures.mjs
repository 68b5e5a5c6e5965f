// Waiting on <modulab-figure>s of a page or frame (the dist, offline and npm
// tests): each figure's state, error text and inked canvas pixels.

// Runs in the page: each figure's state, error and inked pixels (those
// differing from the first pixel). A function, not a string: the pages'
// CSP forbids evaluating strings.
function inkOfFigures() {
  return [...document.querySelectorAll('modulab-figure')].map((f) => {
    const c = f.shadowRoot.querySelector('canvas');
    const d = c.width && c.height ? c.getContext('2d').getImageData(0, 0, c.width, c.height).data : [];
    let ink = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) ink++;
    return { ink, state: f.dataset.state, error: f.shadowRoot.querySelector('.error')?.textContent ?? '' };
  });
}

// Waits until every figure has finished and drawn (or `timeout` ms pass),
// then returns what each shows, for the test's assertions.
export async function figuresDrawn(target, timeout = 60000) {
  try {
    await target.waitForFunction(() => {
      const figures = [...document.querySelectorAll('modulab-figure')];
      return figures.length > 0 && figures.every((f) => {
        if (f.dataset.state !== 'done') return false;
        const c = f.shadowRoot.querySelector('canvas');
        if (!c.width || !c.height) return false;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let ink = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) ink++;
        return ink > 5000;
      });
    }, null, { timeout, polling: 250 });
  } catch (e) {
    if (e?.name !== 'TimeoutError') throw e;
  }
  return target.evaluate(inkOfFigures);
}

// Records responses of 400 and more and failed requests on a page (and its frames).
export function failures(page) {
  const seen = [];
  page.on('response', (r) => { if (r.status() >= 400) seen.push(`${r.status()} ${r.url()}`); });
  page.on('requestfailed', (r) => seen.push(`failed ${r.url()} (${r.failure()?.errorText})`));
  return seen;
}
