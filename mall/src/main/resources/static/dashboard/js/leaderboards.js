// Leaderboards: the top shoppers by xp for a period (GET /leaderboards/{period}?limit=).
import {get} from './api.js';
import {el, errorMessage, formatNumber, sortableTable} from './ui.js';

const PERIODS = ['all-time', 'week', 'month'];

/** "All time" for the all-time board (whose start is the epoch), else the start of the period. */
function sinceText(board) {
  if (!board.from || Date.parse(board.from) <= 86400000) return board.period === 'all-time' ? 'All time' : null;
  return `Since ${new Date(board.from).toLocaleString('en')}`;
}

export function render(container) {
  const period = el('select', {id: 'leaderboard-period'}, PERIODS.map((p) => el('option', {value: p}, p)));
  const limit = el('input', {id: 'leaderboard-limit', type: 'number', min: 1, max: 100, value: 25, inputmode: 'numeric'});
  const body = el('div', {id: 'leaderboard-body'});
  container.append(el('section', {class: 'panel', 'aria-labelledby': 'leaderboards-heading'},
    el('h2', {id: 'leaderboards-heading'}, 'Leaderboards'),
    el('form', {class: 'inline', onsubmit: (e) => { e.preventDefault(); load(); }},
      el('label', {for: period.id}, 'Period'), period, el('label', {for: limit.id}, 'Top'), limit,
      el('button', {type: 'submit'}, 'Show')),
    body));

  async function load() {
    try {
      const board = await get(`/leaderboards/${period.value}?limit=${encodeURIComponent(limit.value)}`);
      body.replaceChildren(
        el('p', {class: 'muted', id: 'leaderboard-source'}, [sinceText(board),
          board.source ? `read from ${board.source}` : null].filter(Boolean).join('; ')),
        sortableTable({id: 'leaderboard-table', caption: `Top ${board.entries.length}, ${board.period}`,
          rows: board.entries, sortKey: 'rank', columns: [
            {key: 'rank', label: 'Rank', numeric: true},
            {key: 'displayName', label: 'Shopper'},
            {key: 'shopperId', label: 'Id'},
            {key: 'xp', label: 'XP', numeric: true, format: formatNumber},
            {key: 'reachedAt', label: 'Reached', format: (v) => (v ? new Date(v).toLocaleString() : '—')},
          ]}));
    } catch (error) {
      if (error.status !== 401) body.replaceChildren(errorMessage(error, 'Leaderboards'));
    }
  }

  load();
}
