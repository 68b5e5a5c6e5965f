// Form controls generated from the engine's field descriptions
// (taskSchema, modelSchema, conditionSchema): one control per field, with
// its label, help text and range. Values go to the engine as typed; the
// engine validates them. Only textContent is used, never HTML.

// Reads a dotted path ("dopamine.gain") of a plain object.
export function getPath(obj, path) {
  let v = obj;
  for (const k of path.split('.')) {
    if (v == null || typeof v !== 'object' || !Object.hasOwn(v, k)) return undefined;
    v = v[k];
  }
  return v;
}

// Sets a dotted path, creating objects on the way; `undefined` removes the
// key (and emptied parents), so scenarios stay sparse and links short.
export function setPath(obj, path, value) {
  const keys = path.split('.');
  const parents = [];
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    if (o[k] == null || typeof o[k] !== 'object' || Array.isArray(o[k])) {
      if (value === undefined) return;
      o[k] = {};
    }
    parents.push([o, k]);
    o = o[k];
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete o[last]; else o[last] = value;
  for (let i = parents.length - 1; i >= 0; i--) {
    const [p, k] = parents[i];
    if (Object.keys(p[k]).length === 0) delete p[k];
  }
}

// Removes each of `paths` ("task.sd", "model.counterfactual": the engine's
// unreadFields, which no run reads) that `scenario` sets, and returns those
// removed, for the page to name.
export function dropPaths(scenario, paths) {
  const gone = [...paths].filter((p) => getPath(scenario, p) !== undefined);
  for (const p of gone) setPath(scenario, p, undefined);
  return gone;
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') e.textContent = v;
    else if (k in e) e[k] = v;
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
}
export { el };

function numberOrRaw(text) {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

// Sets an input's value only when it differs: an unchanged control is not
// touched (no input event for the browser to process, no relayout).
const setValue = (input, text) => { if (input.value !== text) input.value = text; };
const setChecked = (input, on) => { if (input.checked !== on) input.checked = on; };

// One control for `field`, showing `value` (or the default); calls
// onChange(valueOrUndefined) where undefined means "the default". The
// returned element's update(value) shows another value in the same control
// (a new scenario with the same fields), without rebuilding it.
export function fieldControl(field, value, fallback, idPrefix, onChange) {
  const id = `${idPrefix}-${field.name.replaceAll('.', '-')}`;
  const helpId = `${id}-help`;
  const shown = value ?? fallback;
  const kind = field.kind?.type ?? 'number';
  const wrap = el('div', { className: `field field-${kind}` });
  const help = el('p', { className: 'hint', id: helpId, text: field.help ?? '' });
  wrap.title = field.help ?? '';
  const emit = (v) => onChange(v === undefined || same(v, fallback) ? undefined : v);
  if (kind === 'bool') {
    const input = el('input', { type: 'checkbox', id, checked: !!shown });
    input.setAttribute('aria-describedby', helpId);
    input.addEventListener('change', () => emit(input.checked));
    wrap.append(el('div', { className: 'check' }, input, el('label', { htmlFor: id, text: field.label })), help);
    wrap.update = (v) => setChecked(input, !!(v ?? fallback));
  } else if (kind === 'choice') {
    const select = el('select', { id });
    for (const o of field.kind.options) select.append(el('option', { value: o, text: o.replaceAll('_', ' ') }));
    select.value = shown ?? field.kind.options[0];
    select.setAttribute('aria-describedby', helpId);
    select.addEventListener('change', () => emit(select.value));
    wrap.append(el('label', { htmlFor: id, text: field.label }), select, help);
    wrap.update = (v) => setValue(select, v ?? fallback ?? field.kind.options[0]);
  } else if (kind === 'choice_list') {
    const chosen = new Set(Array.isArray(shown) ? shown : []);
    const inputs = [];
    const box = el('fieldset', { className: 'choices', id });
    box.setAttribute('aria-describedby', helpId);
    box.append(el('legend', { text: field.label }));
    for (const [k, o] of field.kind.options.entries()) {
      const oid = `${id}-${o}`;
      const input = el('input', { type: 'checkbox', id: oid, value: o, checked: chosen.has(o) });
      input.addEventListener('change', () => {
        if (input.checked) chosen.add(o); else chosen.delete(o);
        emit(field.kind.options.filter((x) => chosen.has(x)));
      });
      inputs.push(input);
      box.append(el('span', { className: 'check' }, input, el('label', { htmlFor: oid, text: field.kind.labels?.[k] ?? o.replaceAll('_', ' ') })));
    }
    wrap.append(box, help);
    wrap.update = (v) => {
      const next = v ?? fallback;
      chosen.clear();
      for (const o of Array.isArray(next) ? next : []) chosen.add(o);
      inputs.forEach((input) => setChecked(input, chosen.has(input.value)));
    };
  } else if (kind === 'number_list') {
    let list = Array.isArray(shown) ? [...shown] : [];
    const box = el('fieldset', { className: 'list', id });
    box.setAttribute('aria-describedby', helpId);
    const render = () => {
      box.replaceChildren(el('legend', { text: field.label }));
      list.forEach((v, i) => {
        const iid = `${id}-${i}`;
        const input = el('input', { type: 'number', id: iid, step: 'any', min: field.min, max: field.max, value: String(v) });
        // An emptied entry, or one that is no number (letters: the browser
        // then reports an empty value), keeps its value: a slip of the
        // keyboard must not silently run another experiment.
        input.addEventListener('change', () => {
          const v = input.validity.badInput ? undefined : numberOrRaw(input.value);
          if (v === undefined) { input.value = String(list[i]); return; }
          list[i] = v;
          emit([...list]);
        });
        box.append(el('span', { className: 'entry' }, el('label', { htmlFor: iid, text: `${i + 1}` }), input));
      });
      const add = el('button', { type: 'button', className: 'small secondary', text: '+ entry', disabled: list.length >= field.kind.max_len });
      add.setAttribute('aria-label', `Add an entry to ${field.label}`);
      add.addEventListener('click', () => { list.push(list[list.length - 1] ?? field.min); render(); emit([...list]); box.querySelector(`#${CSS.escape(`${id}-${list.length - 1}`)}`)?.focus(); });
      const remove = el('button', { type: 'button', className: 'small secondary', text: '− entry', disabled: list.length <= field.kind.min_len });
      remove.setAttribute('aria-label', `Remove the last entry of ${field.label}`);
      remove.addEventListener('click', () => { list.pop(); render(); emit([...list]); });
      box.append(el('span', { className: 'entry-buttons' }, add, remove));
    };
    render();
    wrap.append(box, help);
    wrap.update = (v) => {
      const next = v ?? fallback;
      const was = list.length;
      list = Array.isArray(next) ? [...next] : [];
      // The same number of entries: their values only; else the list anew.
      if (list.length !== was) { render(); return; }
      list.forEach((x, i) => { const input = box.querySelector(`#${CSS.escape(`${id}-${i}`)}`); if (input) setValue(input, String(x)); });
    };
  } else if (kind === 'records') {
    // A list of records (e.g. conditioning phases), each with its own fields.
    let list = structuredClone(Array.isArray(shown) ? shown : []);
    const box = el('fieldset', { className: 'records', id });
    box.setAttribute('aria-describedby', helpId);
    const render = () => {
      box.replaceChildren(el('legend', { text: field.label }));
      list.forEach((rec, i) => {
        const part = el('fieldset', { className: 'record fields two' }, el('legend', { text: `${field.label} ${i + 1}` }));
        for (const sub of field.kind.fields) {
          part.append(fieldControl(sub, rec[sub.name], undefined, `${id}-${i}`, (v) => {
            if (v === undefined) delete rec[sub.name]; else rec[sub.name] = v;
            emit(structuredClone(list));
          }));
        }
        box.append(part);
      });
      const add = el('button', { type: 'button', className: 'small secondary', text: `+ ${field.label.toLowerCase()}`, disabled: list.length >= field.kind.max_len });
      add.addEventListener('click', () => { list.push(structuredClone(list[list.length - 1] ?? {})); render(); emit(structuredClone(list)); });
      const remove = el('button', { type: 'button', className: 'small secondary', text: '− last', disabled: list.length <= field.kind.min_len });
      remove.setAttribute('aria-label', `Remove the last of ${field.label}`);
      remove.addEventListener('click', () => { list.pop(); render(); emit(structuredClone(list)); });
      box.append(el('span', { className: 'entry-buttons' }, add, remove));
    };
    render();
    wrap.append(box, help);
    wrap.update = (v) => {
      const next = structuredClone(Array.isArray(v ?? fallback) ? v ?? fallback : []);
      if (same(next, list)) return;
      list = next;
      render();
    };
  } else if (!['number', 'integer', 'optional_number'].includes(kind)) {
    // A kind this page does not know yet: edit it as JSON; the engine validates.
    const area = el('textarea', { id, rows: 3, value: shown === undefined ? '' : JSON.stringify(shown) });
    area.setAttribute('aria-describedby', helpId);
    area.addEventListener('change', () => {
      try { emit(area.value.trim() ? JSON.parse(area.value) : undefined); area.setCustomValidity(''); } catch { area.setCustomValidity('not valid JSON'); area.reportValidity(); }
    });
    wrap.append(el('label', { htmlFor: id, text: `${field.label} (JSON)` }), area, help);
    wrap.update = (v) => {
      const next = v ?? fallback;
      setValue(area, next === undefined ? '' : JSON.stringify(next));
      area.setCustomValidity('');
    };
  } else {
    // number, integer, optional_number
    const input = el('input', {
      type: 'number', id, step: kind === 'integer' ? '1' : 'any',
      value: shown == null ? '' : String(shown),
    });
    if (Number.isFinite(field.min) && !(field.min === 0 && field.max === 0)) { input.min = String(field.min); input.max = String(field.max); }
    if (kind === 'optional_number') input.placeholder = 'none';
    input.setAttribute('aria-describedby', helpId);
    // The value shown last: what a typo (letters, `0.01e`, which the
    // browser reports as an empty value) goes back to.
    let last = input.value;
    input.addEventListener('change', () => {
      if (input.validity.badInput) { input.value = last; return; }
      const v = numberOrRaw(input.value) ?? (kind === 'optional_number' ? undefined : fallback);
      // Emptied: the default, shown as the run uses it.
      if (input.value.trim() === '' && v != null) input.value = String(v);
      last = input.value;
      emit(v);
    });
    const range = Number.isFinite(field.min) && field.max > field.min ? ` [${field.min}, ${field.max}]` : '';
    help.textContent = `${field.help ?? ''}${range}`;
    wrap.append(el('label', { htmlFor: id, text: field.label }), input, help);
    wrap.update = (v) => { const next = v ?? fallback; setValue(input, next == null ? '' : String(next)); last = input.value; };
  }
  return wrap;
}

// Groups fields by the first part of a dotted name ("dopamine.gain" →
// "dopamine"); undotted fields form the group "".
export function groupFields(fields) {
  const groups = new Map();
  for (const f of fields) {
    const g = f.name.includes('.') ? f.name.split('.')[0] : '';
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(f);
  }
  return groups;
}
