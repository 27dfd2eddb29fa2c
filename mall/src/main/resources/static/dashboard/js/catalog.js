// Missions, rewards and companion species: a list and a create/edit form each, per the API plan.
// Localized texts are written as {"en": ..., "es": ...}; ADMIN reads carry the full map in the
// plural field (titles, names, descriptions), which the edit form reads back.
import {get, request} from './api.js';
import {count, el, entityForm, errorMessage, formatNumber, sortableTable} from './ui.js';

const TIERS = ['BRONZE', 'SILVER', 'GOLD', 'PLATINUM'];

// The API's enum names, as an operator reads them.
const GOAL_KINDS = [
  {value: 'SPEND_TOTAL', label: 'Spend a total amount'},
  {value: 'PURCHASE_COUNT', label: 'Make a number of purchases'},
  {value: 'DISTINCT_STORES', label: 'Buy at different stores'},
  {value: 'CATEGORY_SPEND', label: 'Spend in a category'},
  {value: 'STORE_VISIT', label: 'Buy at one store'},
  {value: 'CHECKIN_STREAK', label: 'Check in days in a row'},
];
const WINDOW_KINDS = [
  {value: 'FIXED', label: 'Fixed dates'},
  {value: 'DAILY', label: 'Every day'},
  {value: 'WEEKLY', label: 'Every week'},
  {value: 'MONTHLY', label: 'Every month'},
];
const TIER_OPTIONS = TIERS.map((t) => ({value: t, label: t[0] + t.slice(1).toLowerCase()}));
const RARITIES = ['COMMON', 'RARE', 'EPIC', 'LEGENDARY'].map((r) => ({value: r, label: r[0] + r.slice(1).toLowerCase()}));
const labelOf = (options) => (v) => options.find((o) => o.value === v)?.label ?? v ?? '—';

const stageLines = {
  parse: (raw) => raw.split('\n').map((l) => l.trim()).filter(Boolean).map((line) => {
    const match = line.match(/^(\d+)\s+(.+)$/);
    const [en, es] = (match ? match[2] : line).split(' / ').map((s) => s.trim());
    return {name: es ? {en, es} : {en}, xpRequired: match ? Number(match[1]) : null};
  }),
  format: (stages) => stages.map((s) => {
    const names = s.names || (typeof s.name === 'object' ? s.name : {en: s.name});
    return `${s.xpRequired} ${names.en ?? ''}${names.es ? ` / ${names.es}` : ''}`;
  }).join('\n'),
};

export const MISSIONS = {
  key: 'missions',
  heading: 'Missions',
  singular: 'mission',
  path: '/missions',
  fields: [
    {name: 'id', label: 'Id', createOnly: true, sentOnEdit: true, required: true, hint: 'e.g. spend-100'},
    {name: 'title', label: 'Title', type: 'localized', mapKey: 'titles', required: true},
    {name: 'description', label: 'Description', type: 'localized', mapKey: 'descriptions', required: true},
    {name: 'goal.kind', label: 'Goal', type: 'select', required: true,
      options: GOAL_KINDS},
    {name: 'goal.target', label: 'Target', type: 'number', required: true, hint: 'minor units for spending goals'},
    {name: 'goal.category', label: 'Category (category spend only)'},
    {name: 'goal.storeId', label: 'Store id (store visit only)'},
    {name: 'window.kind', label: 'Window', type: 'select', required: true, options: WINDOW_KINDS},
    {name: 'window.start', label: 'Window start (fixed only, UTC)', type: 'datetime'},
    {name: 'window.end', label: 'Window end (fixed only, UTC)', type: 'datetime'},
    {name: 'eligibleTiers', label: 'Eligible tiers', type: 'list', hint: `comma separated: ${TIERS.join(', ')}; empty for all`},
    {name: 'reward.coins', label: 'Reward coins', type: 'number', step: '1'},
    {name: 'reward.xp', label: 'Reward xp', type: 'number', step: '1'},
    {name: 'reward.companionSpeciesId', label: 'Reward companion species id'},
    {name: 'active', label: 'Active', type: 'checkbox', defaultChecked: true},
  ],
  columns: [
    {key: 'id', label: 'Id'},
    {key: 'title', label: 'Title'},
    {key: 'goalKind', label: 'Goal', format: labelOf(GOAL_KINDS)},
    {key: 'goalTarget', label: 'Target', numeric: true, format: formatNumber},
    {key: 'windowKind', label: 'Window', format: labelOf(WINDOW_KINDS)},
    {key: 'rewardCoins', label: 'Coins', numeric: true, format: formatNumber},
    {key: 'rewardXp', label: 'XP', numeric: true, format: formatNumber},
    {key: 'active', label: 'Active', format: (v) => (v ? 'yes' : 'no')},
  ],
  row: (m) => ({...m, goalKind: m.goal?.kind, goalTarget: m.goal?.target, windowKind: m.window?.kind,
    rewardCoins: m.reward?.coins, rewardXp: m.reward?.xp}),
};

export const REWARDS = {
  key: 'rewards',
  heading: 'Rewards',
  singular: 'reward',
  path: '/rewards',
  fields: [
    {name: 'id', label: 'Id', createOnly: true, sentOnEdit: true, required: true, hint: 'e.g. coffee'},
    {name: 'name', label: 'Name', type: 'localized', mapKey: 'names', required: true},
    {name: 'description', label: 'Description', type: 'localized', mapKey: 'descriptions', required: true},
    {name: 'priceCoins', label: 'Price (coins)', type: 'number', step: '1', required: true},
    {name: 'stock', label: 'Stock', type: 'number', step: '1', nullWhenEmpty: true, hint: 'empty for unlimited'},
    {name: 'minTier', label: 'Minimum tier', type: 'select', options: TIER_OPTIONS, nullWhenEmpty: true},
    {name: 'availableFrom', label: 'Available from (UTC)', type: 'datetime', nullWhenEmpty: true},
    {name: 'availableUntil', label: 'Available until (UTC)', type: 'datetime', nullWhenEmpty: true},
    {name: 'active', label: 'Active', type: 'checkbox', defaultChecked: true},
  ],
  columns: [
    {key: 'id', label: 'Id'},
    {key: 'name', label: 'Name'},
    {key: 'priceCoins', label: 'Price', numeric: true, format: formatNumber},
    {key: 'stock', label: 'Stock', numeric: true, format: (v) => (v === null || v === undefined ? 'unlimited' : formatNumber(v))},
    {key: 'minTier', label: 'Min tier'},
    {key: 'active', label: 'Active', format: (v) => (v ? 'yes' : 'no')},
  ],
  row: (r) => r,
};

export const COMPANIONS = {
  key: 'companions',
  heading: 'Companion species',
  singular: 'companion species',
  path: '/companions/species',
  fields: [
    {name: 'id', label: 'Id', createOnly: true, sentOnEdit: true, required: true, hint: 'e.g. fox'},
    {name: 'name', label: 'Name', type: 'localized', mapKey: 'names', required: true},
    {name: 'rarity', label: 'Rarity', type: 'select', options: RARITIES, required: true},
    {name: 'priceCoins', label: 'Price (coins)', type: 'number', step: '1', nullWhenEmpty: true,
      hint: 'empty: not for sale (reward only)'},
    {name: 'stages', label: 'Stages', type: 'lines', required: true, ...stageLines,
      hint: 'one per line: xp required, English name, optionally " / " Spanish name, e.g. "100 Fox / Zorro"'},
  ],
  columns: [
    {key: 'id', label: 'Id'},
    {key: 'name', label: 'Name'},
    {key: 'rarity', label: 'Rarity'},
    {key: 'priceCoins', label: 'Price', numeric: true, format: (v) => (v === null || v === undefined ? 'not sold' : formatNumber(v))},
    {key: 'stageCount', label: 'Stages', numeric: true},
  ],
  row: (s) => ({...s, stageCount: (s.stages || []).length}),
};

// A plain array, or {items, nextCursor} pages followed with ?after= (as /stores and /rewards do).
async function listAll(path) {
  const first = await get(`${path}?limit=100`);
  if (Array.isArray(first)) return first;
  const items = [...(first.items || [])];
  let cursor = first.nextCursor;
  for (let page = 1; cursor && page < 50; page++) {
    const next = await get(`${path}?limit=100&after=${encodeURIComponent(cursor)}`);
    items.push(...next.items);
    cursor = next.nextCursor;
  }
  return items;
}

export function render(container, spec) {
  const listBox = el('div', {id: `${spec.key}-list`});
  const form = entityForm({
    id: `${spec.key}-form`,
    title: {create: `New ${spec.singular}`, edit: `Edit ${spec.singular}`},
    fields: spec.fields,
    onSubmit: async (value, editing) => {
      const saved = editing
        ? await request('PUT', `${spec.path}/${encodeURIComponent(editing.id)}`, value)
        : await request('POST', spec.path, value);
      await load();
      return saved;
    },
  });
  const formPanel = el('section', {class: 'panel', id: `${spec.key}-form-panel`}, form.form);
  container.append(el('section', {class: 'panel', 'aria-labelledby': `${spec.key}-heading`},
    el('h2', {id: `${spec.key}-heading`}, spec.heading), listBox), formPanel);

  async function load() {
    try {
      const rows = (await listAll(spec.path)).map(spec.row);
      listBox.replaceChildren(sortableTable({id: `${spec.key}-table`,
        caption: count(rows.length, spec.singular, spec.heading.toLowerCase()), columns: spec.columns, rows, sortKey: 'id',
        actions: (row) => el('button', {type: 'button', class: 'secondary small', 'aria-label': `Edit ${row.id}`,
          onclick: () => form.edit(row)}, 'Edit')}));
    } catch (error) {
      if (error.status === 401) return;
      listBox.replaceChildren(errorMessage(error, spec.heading));
      formPanel.hidden = error.notAvailable;
    }
  }

  load();
}
