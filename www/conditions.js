// The condition cards of a page (the main page and the spiking page): one
// card per condition, its name and every condition field the task reads,
// as the engine describes them (conditionSchema(); a task's description
// names the fields its runs read, condition_fields). Values go to the
// scenario as typed; the engine validates them. Fields a task does not
// read are not shown, and kept in the scenario as they are.
import { el, fieldControl, getPath, setPath, groupFields } from './form.js';

const GROUP_LABEL = { '': 'Other', receptors: 'Receptors (agonist / antagonist)' };
const MODULATORS = ['dopamine', 'acetylcholine', 'norepinephrine', 'serotonin'];

export class ConditionCards {
  // box: the fieldset the cards and the "Add condition" button go in;
  // schema: engine.conditionSchema(); limits: engine.limits(); scenario():
  // the page's current scenario; reads(): the names of the condition fields
  // its task reads (undefined: every field); changed(): a condition changed.
  constructor(box, { schema, limits, scenario, reads, changed }) {
    Object.assign(this, { schema, limits, scenario, reads, changed });
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

  // Rebuilds every card; focus: the index of the card whose name to focus.
  render(focus) {
    const s = this.scenario();
    s.conditions ??= [{ label: 'control' }];
    const all = s.conditions;
    this.box.replaceChildren(...all.map((c, i) => this.card(c, i, all)));
    this.addButton.disabled = all.length >= this.limits.max_conditions;
    if (focus !== undefined) document.getElementById(`c${focus}-label`)?.focus();
  }

  card(cond, i, all) {
    const id = `c${i}`;
    const schema = this.schema;
    const card = el('article', { className: 'condition' });
    card.setAttribute('aria-labelledby', `${id}-heading`);
    const heading = el('h3', { id: `${id}-heading`, text: `Condition ${i + 1}: ${cond.label ?? 'control'}` });
    const name = el('input', { type: 'text', id: `${id}-label`, value: cond.label ?? 'control', maxLength: 60 });
    name.addEventListener('change', () => { cond.label = name.value; heading.textContent = `Condition ${i + 1}: ${name.value}`; this.changed(); });
    const dup = el('button', { type: 'button', className: 'small secondary', text: 'Duplicate' });
    dup.setAttribute('aria-label', `Duplicate condition ${i + 1}`);
    dup.disabled = all.length >= this.limits.max_conditions;
    dup.addEventListener('click', () => {
      const copy = structuredClone(cond);
      copy.label = this.uniqueLabel(`${cond.label ?? 'control'} copy`);
      all.splice(i + 1, 0, copy);
      this.render(i + 1);
      this.changed();
    });
    const remove = el('button', { type: 'button', className: 'small secondary', text: 'Remove' });
    remove.setAttribute('aria-label', `Remove condition ${i + 1}`);
    remove.disabled = all.length <= 1;
    remove.addEventListener('click', () => { all.splice(i, 1); this.render(Math.max(0, i - 1)); this.changed(); });
    card.append(heading, el('div', { className: 'field' }, el('label', { htmlFor: name.id, text: 'Name' }), name),
      el('div', { className: 'card-buttons' }, dup, remove));
    if (!schema) return card;
    const reads = this.reads?.();
    const groups = groupFields(reads ? schema.fields.filter((f) => reads.includes(f.name)) : schema.fields);
    const control = (f) => fieldControl(f, getPath(cond, f.name), getPath(schema.defaults, f.name), id,
      (v) => { setPath(cond, f.name, v); summarize(); this.changed(); });
    // The four modulators first (phasic gain and tone), their other settings
    // folded away, then drugs and lesions, then the rest.
    const mods = el('details', { className: 'group', open: i > 0 || MODULATORS.some((m) => cond[m]) });
    const modSummary = el('summary', { text: 'Modulators' });
    mods.append(modSummary);
    const main = (f) => /\.(gain|tonic_offset)$/.test(f.name);
    const grid = el('div', { className: 'modgrid' });
    const more = el('details', { className: 'group more', open: MODULATORS.some((m) => groups.get(m)?.some((f) => !main(f) && getPath(cond, f.name) !== undefined)) });
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
      const d = el('details', { className: 'group', open: rest.some((f) => getPath(cond, f.name) !== undefined) });
      d.append(el('summary', { text: GROUP_LABEL[g] ?? g }), el('div', { className: 'fields two' }, ...rest.map(control)));
      card.append(d);
    }
    // Which modulators this condition changes, in the summary line.
    function summarize() {
      const changedMods = MODULATORS.filter((m) => cond[m] && Object.keys(cond[m]).length);
      modSummary.textContent = changedMods.length ? `Modulators (changed: ${changedMods.join(', ')})` : 'Modulators (all intact)';
    }
    summarize();
    return card;
  }
}
