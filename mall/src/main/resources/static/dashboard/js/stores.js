// Stores: every store with its analytics (GET /stores + GET /analytics/stores), sortable, and a
// create/edit form (POST /stores, PATCH /stores/{id}) that shows the API's validation messages.
import {all, get, request} from './api.js';
import {count, el, entityForm, errorMessage, formatMinor, formatNumber, lastDays, sortableTable} from './ui.js';

export const CATEGORIES = ['fashion', 'food', 'electronics', 'beauty', 'home', 'entertainment', 'services', 'other'];

const FIELDS = [
  {name: 'id', label: 'Id', createOnly: true, hint: 'Optional: 1-64 of A-Z a-z 0-9 _ -; empty for a generated id'},
  {name: 'name', label: 'Name', required: true},
  {name: 'category', label: 'Category', type: 'select', options: CATEGORIES, required: true},
  {name: 'floor', label: 'Floor', required: true, hint: 'e.g. G, L2, B1'},
  {name: 'coinMultiplier', label: 'Coin multiplier', type: 'number', step: '0.01', hint: '0.1 to 10, default 1'},
  {name: 'active', label: 'Active (accepts purchases)', type: 'checkbox', defaultChecked: true},
];

const STORE_COLUMNS = [
  {key: 'id', label: 'Id'},
  {key: 'name', label: 'Name'},
  {key: 'category', label: 'Category'},
  {key: 'floor', label: 'Floor'},
  {key: 'coinMultiplier', label: 'Multiplier', numeric: true},
  {key: 'active', label: 'Active', format: (v) => (v ? 'yes' : 'no')},
];

const ANALYTICS_COLUMNS = [
  {key: 'salesMinor', label: 'Sales', numeric: true, format: formatMinor},
  {key: 'purchases', label: 'Purchases', numeric: true, format: formatNumber},
  {key: 'uniqueShoppers', label: 'Shoppers', numeric: true, format: formatNumber},
  {key: 'coinsIssued', label: 'Coins issued', numeric: true, format: formatNumber},
  {key: 'refunds', label: 'Refunds', numeric: true, format: formatNumber},
];

export function render(container) {
  const range = lastDays(30);
  const from = el('input', {id: 'stores-from', type: 'date', value: range.from});
  const to = el('input', {id: 'stores-to', type: 'date', value: range.to});
  const listBox = el('div', {id: 'stores-list'});
  const form = entityForm({
    id: 'store-form',
    title: {create: 'New store', edit: 'Edit store'},
    fields: FIELDS,
    onSubmit: async (value, editing) => {
      const saved = editing
        ? await request('PATCH', `/stores/${encodeURIComponent(editing.id)}`, value)
        : await request('POST', '/stores', value);
      await load();
      return saved;
    },
  });
  container.append(el('section', {class: 'panel', 'aria-labelledby': 'stores-heading'},
    el('h2', {id: 'stores-heading'}, 'Stores'),
    el('form', {class: 'inline', onsubmit: (e) => { e.preventDefault(); load(); }},
      el('label', {for: from.id}, 'Analytics from'), from, el('label', {for: to.id}, 'to'), to,
      el('button', {type: 'submit'}, 'Show')),
    listBox),
  el('section', {class: 'panel'}, form.form));

  async function load() {
    let stores;
    try {
      stores = await all('/stores?limit=100');
    } catch (error) {
      if (error.status !== 401) listBox.replaceChildren(errorMessage(error, 'Stores'));
      return;
    }
    let notice = null;
    let columns = STORE_COLUMNS;
    try {
      const analytics = await get(`/analytics/stores?from=${from.value}&to=${to.value}`);
      const byId = new Map((analytics.stores || []).map((s) => [s.storeId, s]));
      stores = stores.map((s) => ({...byId.get(s.id), ...s}));
      columns = [...STORE_COLUMNS, ...ANALYTICS_COLUMNS];
    } catch (error) {
      if (error.status === 401) return;
      notice = errorMessage(error, 'Store analytics');
    }
    listBox.replaceChildren(...[notice, sortableTableFor(stores, columns)].filter(Boolean));
  }

  function sortableTableFor(rows, columns) {
    return sortableTable({id: 'stores-table', caption: count(rows.length, 'store'), columns, rows, sortKey: 'name',
      actions: (row) => el('button', {type: 'button', class: 'secondary small',
        'aria-label': `Edit store ${row.name}`, onclick: () => form.edit(row)}, 'Edit')});
  }

  load();
}
