// Cache panel: per cache, memory size against its limit, hits per tier, source loads, evictions,
// Redis state and invalidation lag (GET /cache/stats), and a live chart of hit ratio and requests
// per second over the last 15 minutes from a ring buffer of polls kept in the page. The outbox card
// shows the health component `outbox` (GET /actuator/health with the ADMIN key: its details).
import {get, key} from './api.js';
import {lineChart} from './charts.js';
import {el, errorMessage, formatNumber, percent} from './ui.js';

export const POLL_MILLIS = 3000;
const WINDOW_MILLIS = 15 * 60 * 1000;

/** A fixed-size ring of samples; the oldest is overwritten once it is full. */
export class RingBuffer {
  constructor(capacity) {
    this.items = new Array(capacity);
    this.start = 0;
    this.size = 0;
  }

  push(item) {
    const capacity = this.items.length;
    this.items[(this.start + this.size) % capacity] = item;
    if (this.size < capacity) this.size++;
    else this.start = (this.start + 1) % capacity;
  }

  toArray() {
    return Array.from({length: this.size}, (_, i) => this.items[(this.start + i) % this.items.length]);
  }

  clear() {
    this.start = 0;
    this.size = 0;
  }
}

// Kept across view changes so coming back shows the history; cleared on sign-out (a new page).
const samples = new RingBuffer(Math.ceil(WINDOW_MILLIS / POLL_MILLIS) + 1);

const hitsOf = (s) => s.memoryHits + s.negativeHits + s.redisHits;

/** Per interval between two polls: hit ratio of the reads in it and reads per second, over all caches. */
function intervals(list) {
  const points = [];
  for (let i = 1; i < list.length; i++) {
    const previous = list[i - 1];
    const current = list[i];
    const seconds = (current.t - previous.t) / 1000;
    let requests = 0;
    let hits = 0;
    const perCache = {};
    for (const [name, s] of Object.entries(current.stats)) {
      const before = previous.stats[name];
      if (!before) continue;
      const r = Math.max(0, s.requests - before.requests);
      const h = Math.max(0, hitsOf(s) - hitsOf(before));
      requests += r;
      hits += h;
      perCache[name] = r === 0 ? null : h / r;
    }
    points.push({t: current.t, requestsPerSecond: seconds > 0 ? requests / seconds : 0,
      hitRatio: requests === 0 ? null : hits / requests, perCache});
  }
  return points;
}

function redisState(stats, previous) {
  if (stats.redisState === 'NOT_CONFIGURED') return {key: 'down', text: 'Not configured (memory tier only)'};
  if (stats.redisState === 'BREAKER_OPEN') return {key: 'down', text: 'Breaker open: Redis calls refused (memory and database)'};
  if (stats.redisState === 'DEGRADED') return {key: 'degraded', text: 'Degraded: reconnecting, memory entries served only within the degraded TTL'};
  if (!stats.redisAvailable) {
    return {key: 'down', text: 'Unavailable (memory tier only)'};
  }
  const newErrors = previous ? stats.redisErrors - previous.redisErrors : 0;
  if (newErrors > 0) return {key: 'degraded', text: `Degraded: ${newErrors} Redis errors since the last poll`};
  return {key: 'up', text: 'Up'};
}

function cacheCard(name, s, previous) {
  const redis = redisState(s, previous);
  const share = (n) => (s.requests === 0 ? '—' : percent(n / s.requests));
  const unit = s.memoryLimitBytes ? 'bytes' : 'entries';
  const meterId = `cache-${name}-memory`;
  const row = (label, value, id, raw) => [el('dt', {}, label), el('dd', {id, 'data-value': raw ?? null}, value)];
  return el('article', {class: 'card cache', id: `cache-${name}`, 'aria-labelledby': `cache-${name}-title`},
    el('h3', {id: `cache-${name}-title`}, name),
    el('p', {class: `badge redis-${redis.key}`, id: `cache-${name}-redis`, 'data-state': redis.key},
      el('span', {class: 'visually-hidden'}, 'Redis: '), redis.text),
    el('label', {for: meterId}, `Memory: ${formatNumber(s.memoryCacheSize)} of ${formatNumber(s.memoryLimit)} ${unit}`),
    el('meter', {id: meterId, min: 0, max: Math.max(1, s.memoryLimit), value: s.memoryCacheSize,
      high: Math.max(1, s.memoryLimit) * 0.9}),
    el('dl', {class: 'stats'},
      row('Requests', formatNumber(s.requests), `cache-${name}-requests`, s.requests),
      // No requests yet: no ratio to show (the API reports 0 then).
      row('Hit ratio', s.requests === 0 ? '—' : percent(s.cacheHitRatio), `cache-${name}-hit-ratio`, s.cacheHitRatio),
      row('Memory hits', `${formatNumber(s.memoryHits)} (${share(s.memoryHits)})`, `cache-${name}-memory-hits`),
      row('Cached misses', `${formatNumber(s.negativeHits)} (${share(s.negativeHits)})`, `cache-${name}-negative-hits`),
      row('Redis hits', `${formatNumber(s.redisHits)} (${share(s.redisHits)})`, `cache-${name}-redis-hits`),
      row('Source loads', `${formatNumber(s.sourceLoads)} (${share(s.sourceLoads)})`, `cache-${name}-source-loads`,
        s.sourceLoads),
      row('Load failures', formatNumber(s.loadFailures)),
      row('Average load', `${(s.averageLoadNanos / 1e6).toFixed(2)} ms`),
      row('Evictions', formatNumber(s.evictions), `cache-${name}-evictions`),
      row('Redis keys', s.redisKeys < 0 ? '—' : formatNumber(s.redisKeys)),
      row('Redis errors', formatNumber(s.redisErrors)),
      row('Invalidations received', formatNumber(s.invalidationsReceived)),
      row('Invalidation lag', s.invalidationsReceived === 0 ? '—' : `${formatNumber(s.invalidationLagMillis)} ms`,
        `cache-${name}-lag`)));
}

/** The health component `outbox` with its details, or null if health does not answer with it. */
async function outboxHealth() {
  try {
    // 503 (the database is down) still carries the components.
    const response = await fetch('/actuator/health', {headers: {'X-Api-Key': key() || '', Accept: 'application/json'}});
    return (await response.json()).components?.outbox ?? null;
  } catch {
    return null;
  }
}

function outboxCard(outbox) {
  const d = outbox.details || {};
  const state = {UP: 'up', DEGRADED: 'degraded'}[outbox.status] || 'down';
  const text = {up: 'Publishing', degraded: `Degraded: a change waits longer than ${formatNumber((d.staleAfterMillis ?? 0) / 1000)} s`,
    down: `Unknown: ${outbox.status}`}[state];
  const row = (label, value, id, raw) => [el('dt', {}, label), el('dd', {id, 'data-value': raw ?? null}, value)];
  return el('article', {class: 'card cache', id: 'cache-outbox', 'aria-labelledby': 'cache-outbox-title'},
    el('h3', {id: 'cache-outbox-title'}, 'Outbox'),
    el('p', {class: `badge redis-${state}`, id: 'cache-outbox-status', 'data-state': state}, text),
    el('dl', {class: 'stats'},
      row('Pending changes', formatNumber(d.pending ?? 0), 'cache-outbox-pending', d.pending),
      row('Oldest pending', `${((d.oldestPendingAgeMillis ?? 0) / 1000).toFixed(1)} s`, 'cache-outbox-oldest',
        d.oldestPendingAgeMillis),
      row('Published (this instance)', formatNumber(d.published ?? 0), 'cache-outbox-published', d.published)));
}

export function render(container) {
  const status = el('p', {class: 'muted', id: 'cache-updated', role: 'status'}, 'Loading…');
  const cards = el('div', {class: 'cache-cards', id: 'cache-cards'});
  const chartBox = el('div', {class: 'chart', id: 'cache-chart', role: 'img',
    'aria-label': 'Hit ratio and requests per second over the last 15 minutes'});
  container.append(el('section', {class: 'panel', 'aria-labelledby': 'cache-heading'},
    el('h2', {id: 'cache-heading'}, 'Cache'),
    el('p', {class: 'muted'}, `Polled every ${POLL_MILLIS / 1000} s; the chart keeps the last 15 minutes.`),
    status, chartBox, cards));

  let chart = null;
  let chartNames = '';
  let polls = 0;
  let stopped = false;
  let timer = null;

  function draw(list) {
    const names = Object.keys(list[list.length - 1].stats).sort();
    if (names.join() !== chartNames) {
      chart?.destroy();
      chartNames = names.join();
      chart = lineChart(chartBox, {
        title: 'Hit ratio and requests per second',
        series: [{label: 'Hit ratio, all caches', format: (v) => `${Math.round(v)} %`},
          ...names.map((n) => ({label: `Hit ratio, ${n}`, format: (v) => `${Math.round(v)} %`})),
          {label: 'Requests/s', scale: 'rps', format: (v) => v.toFixed(1)}],
        rightScale: {name: 'rps', format: (v) => v.toFixed(1)},
        yRange: [0, 100],
        xWindowSeconds: WINDOW_MILLIS / 1000,
      });
    }
    const points = intervals(list);
    const pct = (v) => (v === null || v === undefined ? null : v * 100);
    chart.update([points.map((p) => p.t / 1000), points.map((p) => pct(p.hitRatio)),
      ...names.map((n) => points.map((p) => pct(p.perCache[n]))), points.map((p) => p.requestsPerSecond)]);
  }

  async function poll() {
    try {
      const [stats, outbox] = await Promise.all([get('/cache/stats'), outboxHealth()]);
      const now = Date.now();
      const history = samples.toArray();
      const previous = history[history.length - 1];
      samples.push({t: now, stats});
      const list = samples.toArray().filter((s) => now - s.t <= WINDOW_MILLIS);
      if (stopped) return;
      polls++;
      cards.replaceChildren(...Object.keys(stats).sort()
        .map((name) => cacheCard(name, stats[name], previous?.stats[name])), ...(outbox ? [outboxCard(outbox)] : []));
      status.textContent = `Updated ${new Date(now).toLocaleTimeString()}`;
      status.dataset.polls = polls;
      draw(list);
    } catch (error) {
      if (error.status === 401 || stopped) return;
      status.replaceChildren(errorMessage(error, 'Cache statistics'));
    } finally {
      if (!stopped) timer = setTimeout(poll, POLL_MILLIS);
    }
  }

  poll();
  return () => {
    stopped = true;
    clearTimeout(timer);
    chart?.destroy();
  };
}

/** Forgets the history (sign-out). */
export function reset() {
  samples.clear();
}
