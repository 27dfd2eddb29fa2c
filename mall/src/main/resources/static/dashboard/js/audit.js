// Audit: every ADMIN write, newest first (GET /audit?limit&cursor&target=), filtered by target.
import {get} from './api.js';
import {el, formatTime, pagedTable} from './ui.js';

export function render(container) {
  const target = el('input', {id: 'audit-target', type: 'search', placeholder: 'e.g. shopper:ada',
    'aria-describedby': 'audit-hint', autocomplete: 'off'});
  const listBox = el('div', {id: 'audit-list'});
  container.append(el('section', {class: 'panel', 'aria-labelledby': 'audit-heading'},
    el('h2', {id: 'audit-heading'}, 'Audit log'),
    el('form', {class: 'inline', id: 'audit-filter', onsubmit: (e) => { e.preventDefault(); load(); }},
      el('label', {for: target.id}, 'Target'), target, el('button', {type: 'submit'}, 'Show')),
    el('p', {class: 'hint', id: 'audit-hint'},
      'Targets are kind:id, e.g. shopper:ada, store:sneakers, purchase:<id>, api-key:<id>; empty for everything.'),
    listBox));

  function load() {
    const filter = target.value.trim();
    const table = pagedTable({
      id: 'audit-table',
      caption: filter ? `Writes to ${filter}, newest first` : 'ADMIN writes, newest first',
      empty: 'No entries.',
      columns: [
        {key: 'at', label: 'When', format: formatTime},
        {key: 'keyName', label: 'Key', format: (v, e) => el('span', {title: e.keyId}, v)},
        {key: 'action', label: 'Action'},
        {key: 'target', label: 'Target', format: (v) => (v.startsWith('shopper:')
          ? el('a', {href: `#/shoppers/${encodeURIComponent(v.slice(8))}`}, v) : v)},
        {key: 'reason', label: 'Reason'},
        {key: 'status', label: 'Status', numeric: true},
      ],
      fetchPage: (cursor) => get(`/audit?limit=50${filter ? `&target=${encodeURIComponent(filter)}` : ''}`
        + `${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
    });
    listBox.replaceChildren(table.element);
    table.reload();
  }

  load();
}
