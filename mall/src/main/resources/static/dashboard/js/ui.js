// Small DOM helpers: elements, messages, sortable tables and forms that show problem+json per field.

/** Creates an element; attributes starting with "on" become listeners. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export const number = new Intl.NumberFormat('en');

export function formatNumber(value) {
  return value === null || value === undefined ? '—' : number.format(value);
}

export function formatMinor(value) {
  return value === null || value === undefined ? '—' : (value / 100).toLocaleString('en', {minimumFractionDigits: 2});
}

/** "1 store", "3 stores". */
export function count(n, singular, plural = `${singular}s`) {
  return `${formatNumber(n)} ${n === 1 ? singular : plural}`;
}

export function percent(ratio) {
  return Number.isFinite(ratio) ? `${(ratio * 100).toFixed(1)} %` : '—';
}

/** The "this endpoint is not on this server yet" message, or the API's own message. */
export function errorMessage(error, what) {
  if (error.notAvailable) {
    return el('p', {class: 'notice not-available', role: 'status'},
      `${what}: not available on this server yet (the API answered ${error.status}).`);
  }
  return el('p', {class: 'notice error', role: 'alert'}, `${what}: ${error.message}`);
}

/** Dates as yyyy-mm-dd for the last `days` days, today included. */
export function lastDays(days) {
  const to = new Date();
  const from = new Date(to.getTime() - (days - 1) * 86400000);
  return {from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10)};
}

/**
 * A table whose column headers are buttons that sort it; aria-sort tells assistive technology the
 * state. columns: [{key, label, numeric, format}]; actions(row) adds a last cell.
 */
export function sortableTable({id, caption, columns, rows, actions, sortKey, ascending = true}) {
  const state = {key: sortKey || columns[0].key, ascending};
  const table = el('table', {id, class: 'data'});
  const render = () => {
    const column = columns.find((c) => c.key === state.key);
    const sorted = [...rows].sort((a, b) => compare(a[state.key], b[state.key], column?.numeric));
    if (!state.ascending) sorted.reverse();
    const headRow = el('tr', {}, columns.map((c) => {
      const active = c.key === state.key;
      const sort = active ? (state.ascending ? 'ascending' : 'descending') : 'none';
      return el('th', {scope: 'col', 'aria-sort': sort, class: c.numeric ? 'num' : null},
        el('button', {type: 'button', class: 'sort', 'data-key': c.key,
          onclick: () => {
            state.ascending = state.key === c.key ? !state.ascending : true;
            state.key = c.key;
            render();
          }}, c.label, el('span', {'aria-hidden': 'true', class: 'arrow'},
            active ? (state.ascending ? ' ▲' : ' ▼') : ' ↕')));
    }), actions ? el('th', {scope: 'col'}, el('span', {class: 'visually-hidden'}, 'Actions')) : null);
    const body = sorted.length === 0
      ? [el('tr', {}, el('td', {colspan: columns.length + (actions ? 1 : 0)}, 'Nothing here yet.'))]
      : sorted.map((row) => el('tr', {'data-id': row.id ?? row.storeId ?? ''},
        columns.map((c) => el('td', {class: c.numeric ? 'num' : null, 'data-key': c.key},
          c.format ? c.format(row[c.key], row) : (row[c.key] ?? '—'))),
        actions ? el('td', {}, actions(row)) : null));
    table.replaceChildren(el('caption', {}, caption), el('thead', {}, headRow), el('tbody', {}, body));
  };
  render();
  return el('div', {class: 'table-wrap'}, table);
}

function compare(a, b, numeric) {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (numeric) return Number(a) - Number(b);
  return String(a).localeCompare(String(b), 'en', {numeric: true, sensitivity: 'base'});
}

const getPath = (obj, path) => path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);

function setPath(obj, path, value) {
  const keys = path.split('.');
  let node = obj;
  keys.slice(0, -1).forEach((k) => { node = node[k] ??= {}; });
  node[keys[keys.length - 1]] = value;
}

/**
 * A create/edit form built from field specs:
 * {name: 'goal.target', label, type: text|number|select|checkbox|datetime|localized|lines|list,
 *  options, required, createOnly (read-only when editing, and left out unless sentOnEdit),
 *  mapKey (localized: the full map on ADMIN reads), hint, nullWhenEmpty,
 *  parse/format (lines)}. Validation messages from a problem+json go next to the field they name.
 */
export function entityForm({id, title, fields, onSubmit}) {
  const controls = new Map();
  const errors = new Map();
  const formError = el('p', {class: 'error', id: `${id}-error`, role: 'alert'});
  const status = el('p', {class: 'status', id: `${id}-status`, role: 'status'});
  const heading = el('h3', {id: `${id}-title`}, title.create);
  let editing = null;

  const rows = fields.map((f) => {
    const baseId = `${id}-${f.name.replaceAll('.', '-')}`;
    const error = el('p', {class: 'error', id: `${baseId}-error`});
    errors.set(f.name, error);
    const describedBy = [f.hint ? `${baseId}-hint` : null, `${baseId}-error`].filter(Boolean).join(' ');
    const hint = f.hint ? el('p', {class: 'hint', id: `${baseId}-hint`}, f.hint) : null;
    if (f.type === 'localized') {
      const en = el('input', {id: `${baseId}-en`, type: 'text', required: f.required, 'aria-describedby': describedBy});
      const es = el('input', {id: `${baseId}-es`, type: 'text', 'aria-describedby': describedBy});
      controls.set(f.name, {f, en, es});
      return el('fieldset', {class: 'field localized'}, el('legend', {}, f.label),
        el('label', {for: en.id}, 'English'), en, el('label', {for: es.id}, 'Spanish'), es, hint, error);
    }
    if (f.type === 'checkbox') {
      const input = el('input', {id: baseId, type: 'checkbox', 'aria-describedby': describedBy});
      controls.set(f.name, {f, input});
      return el('div', {class: 'field checkbox'}, input, el('label', {for: baseId}, f.label), hint, error);
    }
    let input;
    if (f.type === 'select') {
      input = el('select', {id: baseId, required: f.required, 'aria-describedby': describedBy},
        f.required ? null : el('option', {value: ''}, '—'),
        f.options.map((o) => (typeof o === 'object'
          ? el('option', {value: o.value}, o.label) : el('option', {value: o}, o))));
    } else if (f.type === 'lines') {
      input = el('textarea', {id: baseId, rows: 3, required: f.required, 'aria-describedby': describedBy});
    } else {
      const type = {number: 'number', datetime: 'datetime-local'}[f.type] || 'text';
      input = el('input', {id: baseId, type, step: f.step || (f.type === 'number' ? 'any' : null),
        required: f.required, 'aria-describedby': describedBy, inputmode: f.type === 'number' ? 'decimal' : null});
    }
    controls.set(f.name, {f, input});
    return el('div', {class: 'field'}, el('label', {for: baseId}, f.label), input, hint, error);
  });

  const cancel = el('button', {type: 'button', class: 'secondary', id: `${id}-cancel`, hidden: true,
    onclick: () => reset()}, 'Cancel edit');
  const form = el('form', {id, novalidate: true, class: 'entity-form'}, heading, el('div', {class: 'grid'}, rows),
    formError, el('div', {class: 'actions'}, el('button', {type: 'submit', id: `${id}-submit`}, 'Save'), cancel), status);

  function clearErrors() {
    errors.forEach((e) => { e.textContent = ''; });
    controls.forEach((c) => [c.input, c.en, c.es].forEach((i) => i?.removeAttribute('aria-invalid')));
    formError.textContent = '';
    status.textContent = '';
  }

  function read() {
    const value = {};
    controls.forEach(({f, input, en, es}) => {
      if (f.type === 'localized') {
        const text = {};
        if (en.value.trim()) text.en = en.value.trim();
        if (es.value.trim()) text.es = es.value.trim();
        if (Object.keys(text).length) setPath(value, f.name, text);
        return;
      }
      if (f.createOnly && editing && !f.sentOnEdit) return;
      if (f.type === 'checkbox') {
        setPath(value, f.name, input.checked);
        return;
      }
      const raw = input.value.trim();
      if (raw === '') {
        if (f.nullWhenEmpty) setPath(value, f.name, null);
        return;
      }
      let parsed = raw;
      if (f.type === 'number') parsed = Number(raw);
      // datetime-local has no zone; the labels say UTC, so it is read as UTC.
      else if (f.type === 'datetime') parsed = new Date(raw.length === 16 ? `${raw}:00Z` : `${raw}Z`).toISOString();
      else if (f.type === 'list') parsed = raw.split(',').map((s) => s.trim()).filter(Boolean);
      else if (f.type === 'lines') parsed = f.parse(raw);
      setPath(value, f.name, parsed);
    });
    return value;
  }

  function fill(item) {
    controls.forEach(({f, input, en, es}) => {
      if (f.type === 'localized') {
        const map = (f.mapKey && getPath(item, f.mapKey)) || {};
        const plain = getPath(item, f.name);
        const text = typeof plain === 'object' && plain ? plain : {...map};
        en.value = text.en ?? (typeof plain === 'string' ? plain : '');
        es.value = text.es ?? '';
        return;
      }
      const v = getPath(item, f.name);
      if (f.type === 'checkbox') input.checked = v === undefined ? !!f.defaultChecked : Boolean(v);
      else if (f.type === 'datetime') input.value = v ? new Date(v).toISOString().slice(0, 16) : '';
      else if (f.type === 'list') input.value = Array.isArray(v) ? v.join(', ') : '';
      else if (f.type === 'lines') input.value = v ? f.format(v) : '';
      else input.value = v ?? '';
      if (f.createOnly) input.readOnly = !!editing;
    });
  }

  function reset() {
    editing = null;
    form.reset();
    fill({});
    heading.textContent = title.create;
    cancel.hidden = true;
    clearErrors();
  }

  function showProblem(error) {
    const problem = error.problem || {};
    const detail = problem.detail || error.message;
    const placed = placeFieldMessages(detail, problem.field);
    if (!placed) formError.textContent = `${problem.title || 'Error'}: ${detail}`;
  }

  // A bean-validation answer lists "field: message; other: message" and names the first field;
  // a domain answer names one field and its detail.
  function placeFieldMessages(detail, field) {
    let placed = false;
    const parts = String(detail).split('; ').map((p) => p.match(/^([\w.[\]]+): (.*)$/)).filter(Boolean);
    for (const [, name, message] of parts) placed = mark(name, message) || placed;
    if (!placed && field) placed = mark(field, detail);
    return placed;
  }

  function mark(name, message) {
    const key = resolveField(name);
    if (!key) return false;
    const c = controls.get(key);
    errors.get(key).textContent = withLabels(message);
    [c.input, c.en, c.es].forEach((i) => i?.setAttribute('aria-invalid', 'true'));
    (c.input || c.en).focus();
    return true;
  }

  // The API names its fields ("coinMultiplier must be ..."); the operator sees the form's labels.
  function withLabels(message) {
    let text = String(message);
    controls.forEach(({f}) => {
      const apiName = f.name.split('.').pop();
      text = text.replace(new RegExp(`(^|[^\\w.])(${f.name.replaceAll('.', '\\.')}|${apiName})(?![\\w])`, 'g'),
        (match, before) => `${before}${f.label}`);
    });
    return text;
  }

  // "goal.target" is a control; "title.en" and "stages[1].xpRequired" belong to the control they start with.
  function resolveField(name) {
    const clean = name.replace(/\[\d+]/g, '');
    const owner = [...controls.keys()].filter((k) => clean === k || clean.startsWith(`${k}.`))
      .sort((a, b) => b.length - a.length)[0];
    if (owner) return owner;
    const last = clean.split('.').pop();
    return [...controls.keys()].find((k) => k.split('.').pop() === last) || null;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors();
    const submit = form.querySelector('button[type=submit]');
    submit.disabled = true;
    try {
      const wasEditing = editing;
      const saved = await onSubmit(read(), editing);
      reset();
      status.textContent = `${wasEditing ? 'Saved' : 'Created'} ${saved?.id ?? ''}`.trim();
    } catch (error) {
      if (error.status === 401) return;
      showProblem(error);
    } finally {
      submit.disabled = false;
    }
  });

  reset();
  return {
    form,
    edit(item) {
      editing = item;
      clearErrors();
      fill(item);
      heading.textContent = `${title.edit} ${item.id ?? ''}`.trim();
      cancel.hidden = false;
      form.scrollIntoView({block: 'start'});
      form.querySelector('input:not([readonly]), select, textarea')?.focus();
    },
  };
}

/**
 * A modal confirmation (native <dialog>): resolves true when the operator confirms. `body` may
 * hold inputs; `confirm` is the confirm button's text.
 */
export function confirmDialog({id, title, message, body = null, confirm = 'Confirm'}) {
  return new Promise((resolve) => {
    const ok = el('button', {type: 'submit', id: `${id}-confirm`, value: 'ok'}, confirm);
    const cancel = el('button', {type: 'button', class: 'secondary', id: `${id}-cancel`}, 'Cancel');
    const dialog = el('dialog', {id, 'aria-labelledby': `${id}-title`},
      el('form', {method: 'dialog'}, el('h3', {id: `${id}-title`}, title), el('p', {}, message), body,
        el('div', {class: 'actions'}, ok, cancel)));
    let answered = false;
    const finish = (value) => {
      if (answered) return;
      answered = true;
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    cancel.addEventListener('click', () => finish(false));
    dialog.addEventListener('cancel', () => finish(false));
    dialog.querySelector('form').addEventListener('submit', (e) => {
      e.preventDefault();
      finish(true);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/**
 * A table fed a page at a time from a `{items, nextCursor}` endpoint, newest first as the API
 * sends it, with a "Load more" button while there is a next page. fetchPage(cursor) returns the
 * page. Returns {element, reload()}.
 */
export function pagedTable({id, caption, columns, fetchPage, actions, empty = 'Nothing here yet.'}) {
  const body = el('tbody');
  const table = el('table', {id, class: 'data'}, el('caption', {}, caption),
    el('thead', {}, el('tr', {}, columns.map((c) => el('th', {scope: 'col', class: c.numeric ? 'num' : null}, c.label)),
      actions ? el('th', {scope: 'col'}, el('span', {class: 'visually-hidden'}, 'Actions')) : null)),
    body);
  const more = el('button', {type: 'button', class: 'secondary small', id: `${id}-more`, hidden: true}, 'Load more');
  const message = el('div', {id: `${id}-message`});
  let cursor = null;
  let rows = 0;

  const rowOf = (item) => el('tr', {'data-id': item.id ?? item.purchaseId ?? ''},
    columns.map((c) => el('td', {class: c.numeric ? 'num' : null, 'data-key': c.key},
      c.format ? c.format(item[c.key], item) : (item[c.key] ?? '—'))),
    actions ? el('td', {}, actions(item)) : null);

  async function load(reset) {
    if (reset) {
      cursor = null;
      rows = 0;
    }
    more.disabled = true;
    try {
      const page = await fetchPage(cursor);
      const fresh = page.items.map(rowOf);
      if (reset) body.replaceChildren(...fresh);
      else body.append(...fresh);
      rows += page.items.length;
      if (rows === 0) body.replaceChildren(el('tr', {}, el('td', {colspan: columns.length + (actions ? 1 : 0)}, empty)));
      cursor = page.nextCursor || null;
      more.hidden = !cursor;
      message.replaceChildren();
    } catch (error) {
      if (error.status !== 401) message.replaceChildren(errorMessage(error, caption));
    } finally {
      more.disabled = false;
    }
  }

  more.addEventListener('click', () => load(false));
  return {element: el('div', {class: 'paged'}, message, el('div', {class: 'table-wrap'}, table), more),
    reload: () => load(true)};
}

/** A date and time in the operator's locale, or "—". */
export function formatTime(value) {
  return value ? new Date(value).toLocaleString('en') : '—';
}
