// Overview: the mall's totals over a date range and charts by day (GET /analytics/overview): daily
// sales as the main chart; counts (left axis) and coins (right axis) below it. Legends show the
// latest day's values until the pointer picks another day.
import {get} from './api.js';
import {lineChart} from './charts.js';
import {el, errorMessage, formatMinor, formatNumber, lastDays} from './ui.js';

const TOTALS = [
  ['shoppers', 'Shoppers'],
  ['activeShoppers', 'Active shoppers'],
  ['coinsIssued', 'Coins issued'],
  ['coinsRedeemed', 'Coins redeemed'],
  ['missionsCompleted', 'Missions completed'],
];

const COUNTS = [
  ['newShoppers', 'New shoppers'],
  ['activeShoppers', 'Active shoppers'],
  ['purchases', 'Purchases'],
  ['missionsCompleted', 'Missions completed'],
];

const COINS = [
  ['coinsIssued', 'Coins issued'],
  ['coinsRedeemed', 'Coins redeemed'],
];

const DAILY = [['salesMinor', 'Sales'], ...COUNTS, ...COINS];

const whole = (v) => formatNumber(Math.round(v));

/** The days from the first one with any activity; a range that starts before the mall did shows no rows of zeros. */
export function fromFirstActivity(days) {
  const first = days.findIndex((d) => DAILY.some(([key]) => (d[key] ?? 0) !== 0));
  return first < 0 ? [] : days.slice(first);
}

export function render(container) {
  const range = lastDays(30);
  const from = el('input', {id: 'overview-from', type: 'date', value: range.from, required: true});
  const to = el('input', {id: 'overview-to', type: 'date', value: range.to, required: true});
  const body = el('div', {id: 'overview-body'});
  const form = el('form', {class: 'inline', onsubmit: (e) => { e.preventDefault(); load(); }},
    el('label', {for: from.id}, 'From'), from, el('label', {for: to.id}, 'To'), to,
    el('button', {type: 'submit'}, 'Show'));
  container.append(el('section', {class: 'panel', 'aria-labelledby': 'overview-heading'},
    el('h2', {id: 'overview-heading'}, 'Overview'), form, body));
  let charts = [];

  function destroy() {
    charts.forEach((c) => c.destroy());
    charts = [];
  }

  async function load() {
    destroy();
    body.replaceChildren(el('p', {class: 'muted'}, 'Loading…'));
    let data;
    try {
      data = await get(`/analytics/overview?from=${from.value}&to=${to.value}`);
    } catch (error) {
      if (error.status !== 401) body.replaceChildren(errorMessage(error, 'Analytics'));
      return;
    }
    const totals = data.totals || {};
    const days = data.days || [];
    const sales = days.reduce((sum, d) => sum + (d.salesMinor ?? 0), 0);
    const cards = el('dl', {class: 'cards', id: 'overview-totals'},
      el('div', {class: 'card'}, el('dt', {}, 'Sales'), el('dd', {id: 'total-salesMinor', 'data-value': sales}, formatMinor(sales))),
      TOTALS.map(([key, label]) =>
        el('div', {class: 'card'}, el('dt', {}, label),
          el('dd', {id: `total-${key}`, 'data-value': totals[key] ?? ''}, formatNumber(totals[key])))));
    const salesBox = el('div', {class: 'chart', id: 'overview-sales-chart', role: 'img',
      'aria-label': `Daily sales from ${data.from} to ${data.to}; the table below has the numbers`});
    const activityBox = el('div', {class: 'chart', id: 'overview-chart', role: 'img',
      'aria-label': `Daily counts and coins from ${data.from} to ${data.to}; the table below has the numbers`});
    const rows = fromFirstActivity(days);
    const table = el('table', {class: 'data', id: 'overview-days'},
      el('caption', {}, rows.length === days.length ? 'By day' : `By day, from the first day with activity (${rows[0]?.date ?? 'none'})`),
      el('thead', {}, el('tr', {}, el('th', {scope: 'col'}, 'Date'),
        DAILY.map(([, label]) => el('th', {scope: 'col', class: 'num'}, label)))),
      el('tbody', {}, rows.length === 0 ? el('tr', {}, el('td', {colspan: DAILY.length + 1}, 'No activity in this range.'))
        : rows.map((d) => el('tr', {}, el('th', {scope: 'row'}, d.date),
          DAILY.map(([key]) => el('td', {class: 'num'}, key === 'salesMinor' ? formatMinor(d[key]) : formatNumber(d[key])))))));
    body.replaceChildren(el('p', {class: 'muted'}, `${data.from} to ${data.to}`), cards, salesBox, activityBox,
      el('details', {id: 'overview-days-details'}, el('summary', {}, 'Numbers by day'), el('div', {class: 'table-wrap'}, table)));
    const xs = days.map((d) => Date.parse(`${d.date}T00:00:00Z`) / 1000);
    const salesChart = lineChart(salesBox, {
      title: 'Daily sales',
      series: [{label: 'Sales', format: (v) => formatMinor(Math.round(v))}],
      legendAtLatest: true,
    });
    salesChart.update([xs, days.map((d) => d.salesMinor ?? null)]);
    const activityChart = lineChart(activityBox, {
      title: 'Daily activity: counts (left) and coins (right)',
      series: [...COUNTS.map(([, label]) => ({label, format: whole})),
        ...COINS.map(([, label]) => ({label, scale: 'coins', format: whole}))],
      rightScale: {name: 'coins', format: whole},
      legendAtLatest: true,
    });
    activityChart.update([xs, ...COUNTS.map(([key]) => days.map((d) => d[key] ?? null)),
      ...COINS.map(([key]) => days.map((d) => d[key] ?? null))]);
    charts = [salesChart, activityChart];
  }

  load();
  return destroy;
}
