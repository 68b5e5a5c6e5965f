// Answer boxes on a students' exercise page: one under each task and each
// question, kept in this browser (localStorage, one entry per exercise) and
// handed in as Markdown: "Copy my answers" puts it on the clipboard,
// "Download my answers" saves it as NAME-answers.md where the clipboard is
// not allowed. Nothing is sent anywhere. No engine logic here.
const name = (location.pathname.split('/').pop() || 'exercise').replace(/\.html$/, '') || 'exercise';
const KEY = `modulab.answers.${name}`;

const mk = (tag, props = {}, ...children) => {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
};

function stored() {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}

const answers = stored();
const boxes = [];
const status = mk('p', { id: 'answers-status', className: 'hint' });
status.setAttribute('role', 'status');
status.setAttribute('aria-live', 'polite');

// Saves one box's answer over what is stored now, not this tab's copy of
// the others: the same exercise open in two tabs keeps both tabs' answers.
function save(id, value) {
  try {
    localStorage.setItem(KEY, JSON.stringify({ ...stored(), [id]: value }));
  } catch {
    status.textContent = 'This browser does not keep your answers: copy or download them before you leave the page.';
  }
}

for (const [section, word] of [['tasks', 'task'], ['questions', 'question']]) {
  const list = document.getElementById(section)?.closest('section')?.querySelector('ol');
  if (!list) continue;
  [...list.children].filter((li) => li.tagName === 'LI').forEach((li, i) => {
    const id = `answer-${section}-${i + 1}`;
    const question = li.textContent.trim().replace(/\s+/g, ' ');
    const box = mk('textarea', { id, rows: 3, className: 'answer', value: typeof answers[id] === 'string' ? answers[id] : '' });
    box.setAttribute('aria-describedby', 'answers-kept');
    box.addEventListener('input', () => save(id, box.value));
    li.append(mk('label', { htmlFor: id, className: 'answer-label', textContent: `Your answer to ${word} ${i + 1}` }), box);
    boxes.push({ id, title: `${word[0].toUpperCase()}${word.slice(1)} ${i + 1}`, question, box });
  });
}

// An answer typed in another tab shows here too (unless this box is being
// typed in).
window.addEventListener('storage', (e) => {
  if (e.key !== KEY) return;
  const now = stored();
  for (const b of boxes) {
    if (b.box !== document.activeElement && typeof now[b.id] === 'string') b.box.value = now[b.id];
  }
});

// The answers as Markdown: the exercise, then each task and question
// (quoted) with the student's answer.
function markdown() {
  const title = document.querySelector('h1')?.textContent.trim() ?? name;
  const lines = [`# My answers: ${title}`, '', `Exercise page: ${location.origin}${location.pathname}`, ''];
  for (const b of boxes) {
    const text = b.box.value.trim();
    lines.push(`## ${b.title}`, '', `> ${b.question}`, '', text || '_(no answer)_', '');
  }
  return lines.join('\n');
}

function download() {
  const a = mk('a', { download: `${name}-answers.md`, href: URL.createObjectURL(new Blob([markdown()], { type: 'text/markdown' })) });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 5000);
  status.textContent = `Saved ${name}-answers.md: hand this file in.`;
}

if (boxes.length) {
  const copy = mk('button', { type: 'button', id: 'copy-answers', textContent: 'Copy my answers' });
  const save = mk('button', { type: 'button', id: 'download-answers', textContent: 'Download my answers' });
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(markdown());
      status.textContent = 'Your answers are on the clipboard (Markdown): paste them where your teacher asked.';
    } catch {
      status.textContent = 'The clipboard is not available here: use Download my answers instead.';
    }
  });
  save.addEventListener('click', download);
  const panel = mk('section', { className: 'hand-in' },
    mk('h2', { id: 'hand-in', textContent: 'Hand in your answers' }),
    mk('p', { id: 'answers-kept', className: 'hint', textContent: 'Your answers are kept in this browser only, on this computer, and come back when you reopen this page. To hand them in, copy them (Markdown) or download them as a file.' }),
    mk('div', { className: 'actions' }, copy, save),
    status);
  panel.setAttribute('aria-labelledby', 'hand-in');
  const sources = document.getElementById('sources')?.closest('section');
  if (sources) sources.before(panel); else document.querySelector('main')?.append(panel);
  document.body.dataset.answers = 'ready';
}
