// The condition cards of a page (the main page and the spiking page): one
// card per condition, its name and every condition field the task reads,
// as the engine describes them (conditionSchema(); a task's description
// names the fields its runs read, condition_fields). Values go to the
// scenario as typed; the engine validates them. Fields a task does not
// read are not shown; the engine refuses them, and the main page removes
// them when the task changes (engine.dropUnread).
import { el, fieldControl, getPath, setPath, groupFields } from './form.js';

// Removes from `scenario`'s conditions, in place, what its task's runs do
// not read (engine.dropUnread; after a task field changed, e.g. a spiking
// task's region, which decides the lesion that acts); returns their paths.
// A task the engine cannot read keeps everything (its error shows on Run).
export function dropUnreadConditions(engine, scenario) {
  try {
    const { scenario: read, dropped } = engine.dropUnread(scenario);
    if (read.conditions) scenario.conditions = read.conditions;
    return dropped;
  } catch { return []; }
}

// What a page says of the fields the engine removed.
export const droppedNote = (taskLabel, dropped) =>
  `${taskLabel} does not read ${dropped.join(', ')}: removed (the engine refuses a field that would change nothing).`;

const GROUP_LABEL = { '': 'Other', receptors: 'Receptors (agonist / antagonist)' };
const MODULATORS = ['dopamine', 'acetylcholine', 'norepinephrine', 'serotonin'];

// New cards are laid out once whole, their folded groups open, then folded
// again: the content of a closed <details> is otherwise laid out on its own
// the first time anything asks about it (Chromium's form autofill asks about
// every field, about 100 ms after fields are added), one group at a time,
// each a layout of the whole document. Done after the cards have been drawn
// (a frame later, in a task of its own), so that the frame showing them
// does not wait for the layout of what they fold away.
function layOut(cards) {
  const folded = cards.filter((c) => c.isConnected).flatMap((c) => [...c.querySelectorAll('details:not([open])')]);
  if (!folded.length) return;
  for (const d of folded) d.open = true;
  void folded[0].offsetHeight;
  for (const d of folded) d.open = false;
}

// After the next frame (at most 50 ms: a hidden page draws none).
function afterFrame(f) {
  let done = false;
  const once = () => { if (!done) { done = true; f(); } };
  requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, 50);
}

export class ConditionCards {
  // box: the fieldset the cards and the "Add condition" button go in;
  // schema: engine.conditionSchema(); limits: engine.limits(); scenario():
  // the page's current scenario; reads(): the names of the condition fields
  // its task reads (undefined: every field); lesions() and drugs(): the
  // names of the regions whose lesion, and of the drugs, its task reads
  // (null: all; a spiking task stands for one region and reads a subset of
  // the modulators); changed(): a condition changed.
  constructor(box, { schema, limits, scenario, reads, lesions, drugs, changed }) {
    Object.assign(this, { schema, limits, scenario, reads, lesions, drugs, changed });
    this.box = el('div', { id: 'conditions' });
    const add = el('button', { id: 'add-condition', type: 'button', className: 'secondary', text: 'Add condition' });
    box.append(this.box, add);
    this.addButton = add;
    add.addEventListener('click', () => {
      const all = this.scenario().conditions;
      all.push({ label: this.uniqueLabel(`condition ${all.length + 1}`) });
      this.render(all.length - 1);
      this.changed();
    });
  }

  uniqueLabel(base) {
    const labels = new Set(this.scenario().conditions.map((c) => c.label ?? 'control'));
    let label = base.slice(0, 60);
    for (let n = 2; labels.has(label); n++) label = `${base.slice(0, 55)} ${n}`;
    return label;
  }

  // Shows the scenario's conditions: a card per condition, updated in place
  // where one of the same fields is already on the page (a new scenario, an
  // edit, a condition added or removed), built only where a card is new or
  // the task reads other fields; focus: the index of the card whose name to
  // focus.
  render(focus) {
    const s = this.scenario();
    s.conditions ??= [{ label: 'control' }];
    const all = s.conditions;
    // Rebuilt when the task reads other fields, lesions or drugs; the cards
    // built then offer `this.choices` (asked of the engine once a render).
    const choices = this.choicesRead();
    const key = this.readKey(choices);
    if (key !== this.key) { this.cards = []; this.box.replaceChildren(); this.key = key; this.choices = choices; }
    while (this.cards.length > all.length) this.cards.pop().remove();
    for (const card of this.cards) card.update();
    const added = [];
    while (this.cards.length + added.length < all.length) added.push(this.card(this.cards.length + added.length));
    this.cards.push(...added);
    this.box.append(...added);
    // Resolves once the new cards' folded groups are laid out (at once when
    // no card is new): a page can start its next step a frame after.
    this.laidOut = added.length ? new Promise((resolve) => afterFrame(() => { layOut(added); resolve(true); })) : Promise.resolve(false);
    this.addButton.disabled = all.length >= this.limits.max_conditions;
    if (focus !== undefined) document.getElementById(`c${focus}-label`)?.focus();
  }

  // A task field changed. When the task now reads other fields or other
  // regions' lesions (a spiking task's region), drop() removes from the
  // scenario what it no longer reads (engine.dropUnread) and returns their
  // paths, and the cards are rebuilt; otherwise nothing happens ([]).
  taskEdited(drop) {
    if (this.readKey() === this.key) return [];
    const dropped = drop();
    this.render();
    return dropped;
  }

  // The choices of each list field the task reads ({lesions, drugs}: the
  // names, or null for all; a task the engine cannot read yet shows all,
  // its error shown on Run).
  choicesRead() {
    const read = (f) => { try { return f?.() ?? null; } catch { return null; } };
    return { lesions: read(this.lesions), drugs: read(this.drugs) };
  }

  // What decides the cards' fields: rebuilt when it changes.
  readKey(choices = this.choicesRead()) { return JSON.stringify([this.reads?.() ?? null, choices]); }

  // The card of condition `i`; its update() shows what the scenario's
  // condition `i` now holds.
  card(i) {
    const id = `c${i}`;
    const schema = this.schema;
    const all = () => this.scenario().conditions;
    const cond = () => all()[i];
    const card = el('article', { className: 'condition' });
    card.setAttribute('aria-labelledby', `${id}-heading`);
    const heading = el('h3', { id: `${id}-heading` });
    const name = el('input', { type: 'text', id: `${id}-label`, maxLength: 60 });
    name.addEventListener('change', () => { cond().label = name.value; heading.textContent = `Condition ${i + 1}: ${name.value}`; this.changed(); });
    const dup = el('button', { type: 'button', className: 'small secondary', text: 'Duplicate' });
    dup.setAttribute('aria-label', `Duplicate condition ${i + 1}`);
    dup.addEventListener('click', () => {
      const c = cond();
      const copy = structuredClone(c);
      copy.label = this.uniqueLabel(`${c.label ?? 'control'} copy`);
      all().splice(i + 1, 0, copy);
      this.render(i + 1);
      this.changed();
    });
    const remove = el('button', { type: 'button', className: 'small secondary', text: 'Remove' });
    remove.setAttribute('aria-label', `Remove condition ${i + 1}`);
    remove.addEventListener('click', () => { all().splice(i, 1); this.render(Math.max(0, i - 1)); this.changed(); });
    card.append(heading, el('div', { className: 'field' }, el('label', { htmlFor: name.id, text: 'Name' }), name),
      el('div', { className: 'card-buttons' }, dup, remove));
    // What a card shows of its condition besides the field controls.
    const head = () => {
      const c = cond();
      const label = c.label ?? 'control';
      const text = `Condition ${i + 1}: ${label}`;
      if (heading.textContent !== text) heading.textContent = text;
      if (name.value !== label) name.value = label;
      dup.disabled = all().length >= this.limits.max_conditions;
      remove.disabled = all().length <= 1;
    };
    if (!schema) {
      card.update = head;
      head();
      return card;
    }
    const reads = this.reads?.();
    const choices = this.choices ?? this.choicesRead();
    // Only the lesions and drugs the task reads are offered (the engine
    // refuses the others).
    const offered = (f) => {
      const allowed = choices[f.name];
      if (!allowed) return f;
      const keep = f.kind.options.map((o, k) => [o, f.kind.labels?.[k] ?? o]).filter(([o]) => allowed.includes(o));
      return { ...f, kind: { ...f.kind, options: keep.map(([o]) => o), labels: keep.map(([, l]) => l) } };
    };
    const groups = groupFields((reads ? schema.fields.filter((f) => reads.includes(f.name)) : schema.fields).map(offered));
    const controls = [];
    const control = (f) => {
      const c = fieldControl(f, getPath(cond(), f.name), getPath(schema.defaults, f.name), id,
        (v) => { setPath(cond(), f.name, v); summarize(); this.changed(); });
      controls.push([f, c]);
      return c;
    };
    // Each group folded or open as the condition's values say (a group
    // with a value set opens), whenever the card shows another condition.
    const folds = [];
    const setOpen = (d, open) => { if (d.open !== open) d.open = open; };
    // The four modulators first (phasic gain and tone), their other settings
    // folded away, then drugs and lesions, then the rest.
    const mods = el('details', { className: 'group' });
    const modSummary = el('summary', { text: 'Modulators' });
    mods.append(modSummary);
    folds.push(() => setOpen(mods, i > 0 || MODULATORS.some((m) => cond()[m])));
    const main = (f) => /\.(gain|tonic_offset)$/.test(f.name);
    const grid = el('div', { className: 'modgrid' });
    const more = el('details', { className: 'group more' });
    folds.push(() => setOpen(more, MODULATORS.some((m) => groups.get(m)?.some((f) => !main(f) && getPath(cond(), f.name) !== undefined))));
    more.append(el('summary', { text: 'Clamp, release and reuptake' }));
    for (const m of MODULATORS) {
      if (!groups.has(m)) continue;
      const label = m[0].toUpperCase() + m.slice(1);
      const lead = groups.get(m).filter(main);
      if (lead.length) grid.append(el('fieldset', { className: 'fields two' }, el('legend', { text: label }), ...lead.map(control)));
      const rest = groups.get(m).filter((f) => !main(f));
      if (rest.length) more.append(el('fieldset', { className: 'fields two' }, el('legend', { text: label }), ...rest.map(control)));
    }
    mods.append(grid, more);
    card.append(mods);
    for (const f of groups.get('') ?? []) if (f.kind.type === 'choice_list') card.append(control(f));
    for (const [g, fields] of groups) {
      if (MODULATORS.includes(g)) continue;
      const rest = g === '' ? fields.filter((f) => f.kind.type !== 'choice_list') : fields;
      if (!rest.length) continue;
      const d = el('details', { className: 'group' });
      folds.push(() => setOpen(d, rest.some((f) => getPath(cond(), f.name) !== undefined)));
      d.append(el('summary', { text: GROUP_LABEL[g] ?? g }), el('div', { className: 'fields two' }, ...rest.map(control)));
      card.append(d);
    }
    // Which modulators this condition changes, in the summary line.
    function summarize() {
      const c = cond();
      const changedMods = MODULATORS.filter((m) => c[m] && Object.keys(c[m]).length);
      const text = changedMods.length ? `Modulators (changed: ${changedMods.join(', ')})` : 'Modulators (all intact)';
      if (modSummary.textContent !== text) modSummary.textContent = text;
    }
    card.update = () => {
      head();
      const c = cond();
      for (const [f, control] of controls) control.update(getPath(c, f.name));
      folds.forEach((fold) => fold());
      summarize();
    };
    head();
    folds.forEach((fold) => fold());
    summarize();
    return card;
  }
}
