// Line charts with uPlot (a WebJar: /webjars/uplot/...), sized to their container.
import uPlot from '/webjars/uplot/dist/uPlot.esm.js';

const COLOURS = ['#1f6feb', '#d9480f', '#2b8a3e', '#862e9c', '#e67700', '#0b7285'];

/**
 * A time-series chart. series: [{label, scale ('y' or a second scale), format}]; scales on the
 * right are named in `rightScale`; `yRange` fixes the left scale (e.g. [0, 100] for percentages);
 * `xWindowSeconds` shows that many seconds up to the newest point (or up to now, before any point);
 * `legendAtLatest` makes the legend show the last point's values whenever the pointer is not on the
 * chart, so the values are readable without hovering.
 * Returns {update(data)} where data is [xs (seconds), ...ys].
 */
export function lineChart(container, {title, series, rightScale, yRange, xWindowSeconds, legendAtLatest, height = 260}) {
  // Wide enough for the longest tick label ("40,000.00" needs more than uPlot's default 50 px).
  const size = (u, values) => Math.max(50, 14 + 8 * Math.max(0, ...(values || []).map((v) => String(v).length)));
  const axes = [{}, {scale: 'y', size, values: (u, ticks) => ticks.map(series[0].format || String)}];
  // Without points uPlot's range would start at the epoch: show the window up to now instead.
  const x = xWindowSeconds
    ? {time: true, range: (u, min, max) => {
      const end = Number.isFinite(max) && max > 0 ? max : Date.now() / 1000;
      return [end - xWindowSeconds, end];
    }}
    : {time: true};
  const scales = {x, y: yRange ? {auto: false, range: yRange} : {auto: true}};
  if (rightScale) {
    scales[rightScale.name] = {auto: true};
    axes.push({scale: rightScale.name, side: 1, size, grid: {show: false},
      values: (u, ticks) => ticks.map(rightScale.format || String)});
  }
  const latest = (u) => {
    const n = u.data[0].length;
    if (n > 0 && u.cursor.idx == null) u.setLegend({idx: n - 1});
  };
  const options = {
    title,
    width: Math.max(280, container.clientWidth),
    height,
    scales,
    axes,
    hooks: {
      // The shown time range, for tests and tools: data-x-min / data-x-max in seconds.
      setScale: [(u, key) => {
        if (key !== 'x') return;
        container.dataset.xMin = u.scales.x.min;
        container.dataset.xMax = u.scales.x.max;
      }],
      ...(legendAtLatest ? {setData: [latest], setCursor: [latest]} : {}),
    },
    series: [{}, ...series.map((s, i) => ({
      label: s.label,
      scale: s.scale || 'y',
      stroke: COLOURS[i % COLOURS.length],
      width: 2,
      // Dots while the points are few, so an isolated point between gaps stays visible.
      points: {show: (u) => u.data[0].length < 120, size: 5},
      value: (u, v) => (v === null || v === undefined ? '—' : (s.format || String)(v)),
    }))],
  };
  const empty = [[], ...series.map(() => [])];
  const plot = new uPlot(options, empty, container);
  const resize = new ResizeObserver(() => plot.setSize({width: Math.max(280, container.clientWidth), height}));
  resize.observe(container);
  return {
    update(data) {
      plot.setData(data);
    },
    destroy() {
      resize.disconnect();
      plot.destroy();
    },
  };
}
