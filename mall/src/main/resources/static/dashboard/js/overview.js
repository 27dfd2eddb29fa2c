// Overview: the mall's totals over a date range and a chart by day (GET /analytics/overview).
import {get} from './api.js';
import {lineChart} from './charts.js';
import {el, errorMessage, formatNumber, lastDays} from './ui.js';

const TOTALS = [
  ['shoppers', 'Shoppers'],
  ['activeShoppers', 'Active shoppers'],
  ['coinsIssued', 'Coins issued'],
  ['coinsRedeemed', 'Coins redeemed'],
  ['missionsCompleted', 'Missions completed'],
];

const DAILY = [
  ['newShoppers', 'New shoppers'],
  ['activeShoppers', 'Active shoppers'],
  ['purchases', 'Purchases'],
  ['coinsIssued', 'Coins issued'],
  ['coinsRedeemed', 'Coins redeemed'],
  ['missionsCompleted', 'Missions completed'],
];

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
  let chart = null;

  async function load() {
    chart?.destroy();
    chart = null;
    body.replaceChildren(el('p', {class: 'muted'}, 'Loading…'));
    let data;
    try {
      data = await get(`/analytics/overview?from=${from.value}&to=${to.value}`);
    } catch (error) {
      if (error.status !== 401) body.replaceChildren(errorMessage(error, 'Analytics'));
      return;
    }
    const totals = data.totals || {};
    const cards = el('dl', {class: 'cards', id: 'overview-totals'}, TOTALS.map(([key, label]) =>
      el('div', {class: 'card'}, el('dt', {}, label),
        el('dd', {id: `total-${key}`, 'data-value': totals[key] ?? ''}, formatNumber(totals[key])))));
    const days = data.days || [];
    const chartBox = el('div', {class: 'chart', id: 'overview-chart', role: 'img',
      'aria-label': `Daily figures from ${data.from} to ${data.to}; the table below has the numbers`});
    const table = el('table', {class: 'data', id: 'overview-days'},
      el('caption', {}, 'By day'),
      el('thead', {}, el('tr', {}, el('th', {scope: 'col'}, 'Date'),
        DAILY.map(([, label]) => el('th', {scope: 'col', class: 'num'}, label)))),
      el('tbody', {}, days.map((d) => el('tr', {}, el('th', {scope: 'row'}, d.date),
        DAILY.map(([key]) => el('td', {class: 'num'}, formatNumber(d[key])))))));
    body.replaceChildren(el('p', {class: 'muted'}, `${data.from} to ${data.to}`), cards, chartBox,
      el('details', {}, el('summary', {}, 'Numbers by day'), el('div', {class: 'table-wrap'}, table)));
    chart = lineChart(chartBox, {
      title: 'By day',
      series: DAILY.map(([, label]) => ({label, format: (v) => formatNumber(Math.round(v))})),
    });
    const xs = days.map((d) => Date.parse(`${d.date}T00:00:00Z`) / 1000);
    chart.update([xs, ...DAILY.map(([key]) => days.map((d) => d[key] ?? null))]);
  }

  load();
  return () => chart?.destroy();
}
