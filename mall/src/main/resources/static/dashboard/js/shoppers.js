// Shoppers: search by name prefix, id or receipt (GET /shoppers?...), and a profile page
// (#/shoppers/<id>) with the shopper's figures, companions, running missions, paged ledger,
// purchases and redemptions, and the support actions: refund a purchase, adjust coins,
// block/unblock, each behind a confirmation with a reason.
import {get, idempotencyKey, request} from './api.js';
import {
  confirmDialog, el, errorMessage, formatMinor, formatNumber, formatTime, pagedTable,
} from './ui.js';

const MODES = [
  {value: 'namePrefix', label: 'Name starts with'},
  {value: 'id', label: 'Shopper id'},
  {value: 'receiptId', label: 'Receipt id'},
];

const enc = encodeURIComponent;

export function render(container, shopperId) {
  if (shopperId) return profile(container, shopperId);
  return search(container);
}

// ---- search ----

function search(container) {
  const mode = el('select', {id: 'shopper-search-mode'}, MODES.map((m) => el('option', {value: m.value}, m.label)));
  const query = el('input', {id: 'shopper-search-query', type: 'search', required: true, autocomplete: 'off',
    'aria-describedby': 'shopper-search-error'});
  const error = el('p', {class: 'error', id: 'shopper-search-error', role: 'alert'});
  const results = el('div', {id: 'shopper-results'});
  const form = el('form', {class: 'inline', id: 'shopper-search', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    run();
  }},
  el('label', {for: mode.id}, 'Search by'), mode, el('label', {for: query.id, class: 'visually-hidden'}, 'Search for'),
  query, el('button', {type: 'submit', id: 'shopper-search-submit'}, 'Search'));
  container.append(el('section', {class: 'panel', 'aria-labelledby': 'shoppers-heading'},
    el('h2', {id: 'shoppers-heading'}, 'Shoppers'),
    el('p', {class: 'muted'}, 'Find a shopper by the start of their display name (case ignored), their id, or the id of a receipt.'),
    form, error, results));
  query.focus();

  function run() {
    error.textContent = '';
    const text = query.value.trim();
    if (!text) {
      error.textContent = 'Enter what to search for.';
      query.setAttribute('aria-invalid', 'true');
      query.focus();
      return;
    }
    query.removeAttribute('aria-invalid');
    const table = pagedTable({
      id: 'shopper-results-table',
      caption: `Shoppers: ${MODES.find((m) => m.value === mode.value).label.toLowerCase()} “${text}”`,
      empty: 'No shopper found.',
      columns: [
        {key: 'displayName', label: 'Name', format: (v, s) => el('a', {href: `#/shoppers/${enc(s.id)}`}, v)},
        {key: 'id', label: 'Id'},
        {key: 'vipTier', label: 'Tier'},
        {key: 'level', label: 'Level', numeric: true},
        {key: 'coins', label: 'Coins', numeric: true, format: formatNumber},
        {key: 'language', label: 'Language'},
      ],
      fetchPage: (cursor) => get(`/shoppers?${mode.value}=${enc(text)}&limit=20${cursor ? `&cursor=${enc(cursor)}` : ''}`),
    });
    results.replaceChildren(table.element);
    table.reload();
  }
}

// ---- profile ----

const FIGURES = [
  ['coins', 'Coins', formatNumber],
  ['xp', 'XP', formatNumber],
  ['level', 'Level', formatNumber],
  ['vipTier', 'Tier', String],
  ['loginStreak', 'Streak (days)', formatNumber],
  ['lifetimeSpendMinor', 'Lifetime spend', formatMinor],
];

function profile(container, id) {
  const head = el('div', {id: 'shopper-profile-head'}, el('p', {class: 'muted'}, 'Loading…'));
  const blockBox = el('div', {id: 'shopper-block'});
  const actionsStatus = el('p', {class: 'status', id: 'shopper-action-status', role: 'status'});
  const actionsError = el('p', {class: 'error', id: 'shopper-action-error', role: 'alert'});
  const companions = el('div', {id: 'shopper-companions'});
  const missions = el('div', {id: 'shopper-missions'});
  const base = `/shoppers/${enc(id)}`;
  const pageOf = (path) => (cursor) => get(`${base}/${path}?limit=10${cursor ? `&cursor=${enc(cursor)}` : ''}`);

  const ledger = pagedTable({
    id: 'shopper-ledger', caption: 'Coin ledger, newest first', fetchPage: pageOf('ledger'),
    columns: [
      {key: 'createdAt', label: 'When', format: formatTime},
      {key: 'reason', label: 'Reason'},
      {key: 'delta', label: 'Change', numeric: true, format: (v) => (v > 0 ? `+${formatNumber(v)}` : formatNumber(v))},
      {key: 'balanceAfter', label: 'Balance', numeric: true, format: formatNumber},
      {key: 'reference', label: 'Reference'},
    ],
  });
  const purchases = pagedTable({
    id: 'shopper-purchases', caption: 'Purchases, newest first', fetchPage: pageOf('purchases'),
    columns: [
      {key: 'createdAt', label: 'When', format: formatTime},
      {key: 'storeId', label: 'Store'},
      {key: 'receiptId', label: 'Receipt'},
      {key: 'amountMinor', label: 'Amount', numeric: true, format: (v, p) => `${formatMinor(v)} ${p.currency}`},
      {key: 'coinsEarned', label: 'Coins', numeric: true, format: formatNumber},
    ],
    actions: (p) => el('button', {type: 'button', class: 'secondary small', 'data-action': 'refund',
      'aria-label': `Refund purchase ${p.receiptId}`, onclick: () => refund(p)}, 'Refund…'),
  });
  const redemptions = pagedTable({
    id: 'shopper-redemptions', caption: 'Redemptions, newest first', fetchPage: pageOf('redemptions'),
    columns: [
      {key: 'createdAt', label: 'When', format: formatTime},
      {key: 'rewardId', label: 'Reward'},
      {key: 'code', label: 'Code'},
      {key: 'priceCoins', label: 'Coins', numeric: true, format: formatNumber},
    ],
  });

  const delta = el('input', {id: 'adjust-delta', type: 'number', step: '1', inputmode: 'numeric', required: true,
    'aria-describedby': 'adjust-delta-hint adjust-delta-error'});
  const adjustReason = el('input', {id: 'adjust-reason', type: 'text', maxlength: 128, required: true,
    'aria-describedby': 'adjust-reason-error'});
  const adjustForm = el('form', {id: 'adjust-form', class: 'entity-form', novalidate: true, onsubmit: (e) => {
    e.preventDefault();
    adjust();
  }},
  el('h3', {}, 'Adjust coins'),
  el('div', {class: 'grid'},
    el('div', {class: 'field'}, el('label', {for: delta.id}, 'Coins to add (negative to take)'), delta,
      el('p', {class: 'hint', id: 'adjust-delta-hint'}, 'Never below zero; recorded as an adjustment in the ledger'),
      el('p', {class: 'error', id: 'adjust-delta-error'})),
    el('div', {class: 'field'}, el('label', {for: adjustReason.id}, 'Reason'), adjustReason,
      el('p', {class: 'error', id: 'adjust-reason-error'}))),
  el('div', {class: 'actions'}, el('button', {type: 'submit', id: 'adjust-submit'}, 'Adjust…')));

  container.append(
    el('section', {class: 'panel', 'aria-labelledby': 'shopper-heading'},
      el('p', {}, el('a', {href: '#/shoppers'}, '← Find another shopper')),
      el('h2', {id: 'shopper-heading'}, `Shopper ${id}`), head, blockBox, actionsStatus, actionsError),
    el('section', {class: 'panel', 'aria-label': 'Support actions'}, adjustForm),
    el('div', {class: 'two-columns'},
      el('section', {class: 'panel', 'aria-labelledby': 'companions-heading'},
        el('h3', {id: 'companions-heading'}, 'Companions'), companions),
      el('section', {class: 'panel', 'aria-labelledby': 'missions-heading'},
        el('h3', {id: 'missions-heading'}, 'Running missions'), missions)),
    el('section', {class: 'panel', 'aria-label': 'Coin ledger'}, ledger.element),
    el('section', {class: 'panel', 'aria-label': 'Purchases'}, purchases.element),
    el('section', {class: 'panel', 'aria-label': 'Redemptions'}, redemptions.element));

  let shopper = null;

  function say(text) {
    actionsError.textContent = '';
    actionsStatus.textContent = text;
  }

  function fail(error, what) {
    if (error.status === 401) return;
    actionsStatus.textContent = '';
    actionsError.textContent = `${what}: ${error.message}`;
  }

  async function loadHead() {
    try {
      shopper = await get(base);
    } catch (error) {
      if (error.status !== 401) head.replaceChildren(errorMessage(error, 'Shopper'));
      return false;
    }
    document.getElementById('shopper-heading').textContent = shopper.displayName;
    head.replaceChildren(
      el('p', {class: 'muted', id: 'shopper-meta'},
        `Id ${shopper.id} · language ${shopper.language} · time zone ${shopper.timeZone} · registered ${formatTime(shopper.createdAt)}`),
      el('dl', {class: 'cards', id: 'shopper-figures'}, FIGURES.map(([key, label, format]) =>
        el('div', {class: 'card'}, el('dt', {}, label),
          el('dd', {id: `shopper-${key}`, 'data-value': shopper[key]}, format(shopper[key]))))));
    return true;
  }

  async function loadBlock() {
    try {
      const block = await get(`${base}/block`);
      const button = el('button', {type: 'button', id: block.blocked ? 'unblock-button' : 'block-button',
        class: block.blocked ? null : 'secondary', onclick: () => toggleBlock(block.blocked)},
      block.blocked ? 'Unblock…' : 'Block…');
      blockBox.replaceChildren(el('p', {class: block.blocked ? 'badge redis-down' : 'badge redis-up', id: 'shopper-block-state',
        'data-blocked': String(block.blocked)},
      block.blocked ? `Blocked since ${formatTime(block.blockedAt)}: ${block.reason}` : 'Not blocked'), ' ', button);
    } catch (error) {
      if (error.status !== 401) blockBox.replaceChildren(errorMessage(error, 'Block'));
    }
  }

  async function loadSide() {
    try {
      const list = await get(`${base}/companions`);
      companions.replaceChildren(list.length === 0 ? el('p', {class: 'muted'}, 'None yet.')
        : el('ul', {id: 'shopper-companion-list'}, list.map((c) => el('li', {},
          `${c.name} (${c.rarity.toLowerCase()}), ${c.stageName}, ${formatNumber(c.xp)} xp${c.active ? ', active' : ''}`))));
    } catch (error) {
      if (error.status !== 401) companions.replaceChildren(errorMessage(error, 'Companions'));
    }
    try {
      const list = (await get(`${base}/missions`)).filter((m) => !m.completed);
      missions.replaceChildren(list.length === 0 ? el('p', {class: 'muted'}, 'None running.')
        : el('ul', {id: 'shopper-mission-list'}, list.map((m) => el('li', {},
          el('label', {for: `mission-${m.missionId}`}, `${m.title}: ${formatNumber(m.progress)} of ${formatNumber(m.target)}`),
          el('progress', {id: `mission-${m.missionId}`, max: Math.max(1, m.target), value: Math.min(m.progress, m.target)})))));
    } catch (error) {
      if (error.status !== 401) missions.replaceChildren(errorMessage(error, 'Missions'));
    }
  }

  function reasonField(prefix, required = true) {
    const input = el('input', {id: `${prefix}-reason`, type: 'text', maxlength: 200, required});
    return {input, field: el('div', {class: 'field'},
      el('label', {for: input.id}, `Reason (kept in the audit log${required ? '' : '; optional'})`), input)};
  }

  async function refund(p) {
    const reason = reasonField('refund', false);
    const confirmed = await confirmDialog({id: 'refund-dialog', title: 'Refund this purchase?',
      message: `Refund ${formatMinor(p.amountMinor)} ${p.currency} at ${p.storeId} (receipt ${p.receiptId}): `
        + `${formatNumber(p.coinsEarned)} coins and ${formatNumber(p.xpEarned)} xp are taken back (never below zero).`,
      body: reason.field, confirm: 'Refund'});
    if (!confirmed) return;
    try {
      const body = reason.input.value.trim() ? {reason: reason.input.value.trim()} : {};
      const result = await request('POST', `/purchases/${enc(p.purchaseId)}/refund`, body);
      say(result.replayed ? `Purchase ${p.receiptId} had been refunded already; nothing changed.`
        : `Refunded ${p.receiptId}: ${formatNumber(result.coinsReversed)} coins taken back`
          + (result.coinsShortfall ? ` (${formatNumber(result.coinsShortfall)} were already spent)` : '') + '.');
      await refresh();
    } catch (error) {
      fail(error, 'Refund');
    }
  }

  async function adjust() {
    ['adjust-delta-error', 'adjust-reason-error'].forEach((e) => { document.getElementById(e).textContent = ''; });
    [delta, adjustReason].forEach((i) => i.removeAttribute('aria-invalid'));
    const coins = Number(delta.value);
    const problems = [];
    if (!Number.isInteger(coins) || coins === 0) problems.push([delta, 'adjust-delta-error', 'Enter a whole number of coins other than 0.']);
    if (!adjustReason.value.trim()) problems.push([adjustReason, 'adjust-reason-error', 'Say why.']);
    if (problems.length) {
      problems.forEach(([input, errorId, text]) => {
        input.setAttribute('aria-invalid', 'true');
        document.getElementById(errorId).textContent = text;
      });
      problems[0][0].focus();
      return;
    }
    const confirmed = await confirmDialog({id: 'adjust-dialog', title: 'Adjust coins?',
      message: `${coins > 0 ? 'Add' : 'Take'} ${formatNumber(Math.abs(coins))} coins ${coins > 0 ? 'to' : 'from'} `
        + `${shopper?.displayName ?? id} (balance ${formatNumber(shopper?.coins)}), because: ${adjustReason.value.trim()}`,
      confirm: coins > 0 ? 'Add coins' : 'Take coins'});
    if (!confirmed) return;
    try {
      const result = await request('POST', `${base}/adjustments`, {deltaCoins: coins, reason: adjustReason.value.trim()},
        {'Idempotency-Key': idempotencyKey()});
      say(`Adjusted by ${formatNumber(result.entry.delta)}: the balance is ${formatNumber(result.entry.balanceAfter)}.`);
      adjustForm.reset();
      await refresh();
    } catch (error) {
      const field = error.problem?.field;
      const target = field === 'deltaCoins' ? [delta, 'adjust-delta-error'] : field === 'reason' ? [adjustReason, 'adjust-reason-error'] : null;
      if (target && error.status === 400) {
        target[0].setAttribute('aria-invalid', 'true');
        document.getElementById(target[1]).textContent = error.message
          .replace(/\bdeltaCoins\b/g, 'Coins to add').replace(/\breason\b/g, 'Reason');
        target[0].focus();
      } else {
        fail(error, 'Adjustment');
      }
    }
  }

  async function toggleBlock(blocked) {
    const reason = reasonField(blocked ? 'unblock' : 'block');
    const confirmed = await confirmDialog({id: 'block-dialog', title: blocked ? 'Unblock this shopper?' : 'Block this shopper?',
      message: blocked ? `${shopper?.displayName ?? id} will earn and redeem again.`
        : `${shopper?.displayName ?? id} will earn nothing (purchases and check-ins are refused) and cannot redeem until unblocked.`,
      body: reason.field, confirm: blocked ? 'Unblock' : 'Block'});
    if (!confirmed) return;
    try {
      await request('POST', `${base}/${blocked ? 'unblock' : 'block'}`, {reason: reason.input.value.trim()});
      say(blocked ? 'Unblocked.' : 'Blocked.');
      await loadBlock();
    } catch (error) {
      fail(error, blocked ? 'Unblock' : 'Block');
    }
  }

  async function refresh() {
    await loadHead();
    await Promise.all([ledger.reload(), purchases.reload()]);
  }

  (async () => {
    if (!(await loadHead())) return;
    await Promise.all([loadBlock(), loadSide(), ledger.reload(), purchases.reload(), redemptions.reload()]);
  })();
}
