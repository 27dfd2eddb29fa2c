// API keys: the list (GET /api-keys, never a secret), a create form (POST /api-keys) whose answer
// shows the new secret once with a copy button, and revoke (DELETE /api-keys/{id}) after a confirmation.
import {all, request} from './api.js';
import {confirmDialog, count, el, entityForm, errorMessage, formatNumber, formatTime, sortableTable} from './ui.js';

const FIELDS = [
  {name: 'name', label: 'Name', required: true, hint: 'Who uses it, e.g. "till 3" or "mobile app"'},
  {name: 'role', label: 'Role', type: 'select', required: true, options: [
    {value: 'app', label: 'App (shoppers, check-ins, reads)'},
    {value: 'store', label: 'Store (its own purchases and refunds)'},
    {value: 'admin', label: 'Admin (everything)'}]},
  {name: 'storeId', label: 'Store id (store keys only)'},
  {name: 'rateLimitPerMinute', label: 'Rate limit (requests per minute)', type: 'number', step: '1',
    hint: 'Empty for the service default'},
  {name: 'expiresAt', label: 'Expires at (UTC)', type: 'datetime', hint: 'Empty for the configured key lifetime, if any'},
];

export function render(container) {
  const listBox = el('div', {id: 'keys-list'}, el('p', {class: 'muted'}, 'Loading…'));
  const secretBox = el('div', {id: 'key-secret-box', role: 'status'});
  const status = el('p', {class: 'status', id: 'keys-status', role: 'status'});
  const form = entityForm({
    id: 'key-form',
    title: {create: 'New API key', edit: 'Edit key'},
    fields: FIELDS,
    onSubmit: async (value) => {
      const created = await request('POST', '/api-keys', value);
      showSecret(created);
      await load();
      return created;
    },
  });
  container.append(
    el('section', {class: 'panel', 'aria-labelledby': 'keys-heading'},
      el('h2', {id: 'keys-heading'}, 'API keys'),
      el('p', {class: 'muted'}, 'A key\'s secret is shown once, when it is created; the service keeps only its hash.'),
      status, listBox),
    el('section', {class: 'panel'}, form.form, secretBox));

  function showSecret(created) {
    const secret = el('input', {id: 'new-key-secret', type: 'text', readonly: true, value: created.key,
      'aria-describedby': 'new-key-hint', autocomplete: 'off', spellcheck: 'false'});
    const copied = el('span', {class: 'status', id: 'new-key-copied', role: 'status'});
    const copy = el('button', {type: 'button', id: 'new-key-copy', onclick: async () => {
      try {
        await navigator.clipboard.writeText(secret.value);
        copied.textContent = 'Copied.';
      } catch {
        secret.select();
        copied.textContent = 'Selected: press Ctrl+C (or ⌘C) to copy.';
      }
    }}, 'Copy');
    const done = el('button', {type: 'button', class: 'secondary', id: 'new-key-done',
      onclick: () => secretBox.replaceChildren()}, 'Done, I have stored it');
    secretBox.replaceChildren(el('div', {class: 'notice secret'},
      el('h3', {}, `Key “${created.name}” created`),
      el('label', {for: secret.id}, 'Secret (shown only now)'),
      el('div', {class: 'copy-row'}, secret, copy),
      el('p', {class: 'hint', id: 'new-key-hint'}, 'Store it now: it cannot be shown again. It is not kept in this page.'),
      copied, done));
  }

  async function revoke(key) {
    const ok = await confirmDialog({id: 'revoke-dialog', title: 'Revoke this key?',
      message: `“${key.name}” (${key.role}) stops working at once on this instance and within seconds on the others. This cannot be undone.`,
      confirm: 'Revoke'});
    if (!ok) return;
    try {
      await request('DELETE', `/api-keys/${encodeURIComponent(key.id)}`);
      status.textContent = `Revoked “${key.name}”.`;
      await load();
    } catch (error) {
      if (error.status !== 401) status.replaceChildren(errorMessage(error, 'Revoke'));
    }
  }

  async function load() {
    let keys;
    try {
      keys = await all('/api-keys?limit=200');
    } catch (error) {
      if (error.status !== 401) listBox.replaceChildren(errorMessage(error, 'API keys'));
      return;
    }
    const active = keys.filter((k) => !k.revoked).length;
    listBox.replaceChildren(sortableTable({id: 'keys-table',
      caption: `${count(keys.length, 'key')}, ${formatNumber(active)} active`, rows: keys, sortKey: 'createdAt',
      ascending: false,
      columns: [
        {key: 'name', label: 'Name'},
        {key: 'role', label: 'Role'},
        {key: 'storeId', label: 'Store'},
        {key: 'rateLimitPerMinute', label: 'Rate limit/min', numeric: true,
          format: (v) => (v === null || v === undefined ? 'default' : formatNumber(v))},
        {key: 'createdAt', label: 'Created', format: formatTime},
        {key: 'expiresAt', label: 'Expires', format: (v) => (v ? formatTime(v) : 'never')},
        {key: 'revoked', label: 'State', format: (v, k) => (v ? 'revoked'
          : k.expiresAt && Date.parse(k.expiresAt) < Date.now() ? 'expired' : 'active')},
      ],
      actions: (k) => (k.revoked ? null : el('button', {type: 'button', class: 'secondary small',
        'aria-label': `Revoke key ${k.name}`, 'data-action': 'revoke', onclick: () => revoke(k)}, 'Revoke…'))}));
  }

  load();
  return () => secretBox.replaceChildren();
}
