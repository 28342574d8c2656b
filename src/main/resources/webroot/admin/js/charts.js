// Charts: time series with uPlot (vendored), and SHAP contributions as horizontal bars in plain markup (readable by
// screen readers as a list of "feature: contribution"). Each chart element keeps its uPlot instance as
// element.uplot and the number of points drawn in data-points, which the browser tests read.

import { h } from './dom.js';

const COLOURS = ['#1f6feb', '#d9480f', '#2f9e44', '#ae3ec9', '#f08c00', '#0c8599', '#e64980', '#5c940d'];

/**
 * A time-series chart: {@code const chart = timeChart('Predictions per second', ['predictions/s'])};
 * {@code chart.push(Date.now() / 1000, [12.5])} appends (keeping maxPoints), {@code chart.setData(xs, [ys...])} replaces.
 */
export function timeChart(title, seriesLabels, options = {}) {
  const maxPoints = options.maxPoints || 300;
  const element = h('figure', { class: 'chart', 'data-points': '0' }, h('figcaption', {}, title));
  const target = h('div', { class: 'chart-canvas', role: 'img', 'aria-label': `${title}: chart` });
  element.append(target);
  let data = [[], ...seriesLabels.map(() => [])];
  const width = () => Math.max(320, Math.min(900, (element.parentElement ? element.parentElement.clientWidth : 640) - 24));
  const plot = new uPlot({
    width: options.width || 640,
    height: options.height || 220,
    scales: { x: { time: options.time !== false } },
    axes: [{}, { label: options.yLabel || '' }],
    series: [{}, ...seriesLabels.map((label, i) => ({
      label,
      stroke: COLOURS[i % COLOURS.length],
      width: 2,
      points: { show: true, size: 5 },
      spanGaps: true,
    }))],
  }, data, target);
  element.uplot = plot;

  function drawn() {
    const points = data.slice(1).reduce((sum, series) => sum + series.filter(v => v !== null && v !== undefined).length, 0);
    element.dataset.points = String(points);
    target.setAttribute('aria-label', `${title}: ${points} points${describeLast()}`);
  }

  function describeLast() {
    const last = data[0].length - 1;
    if (last < 0) {
      return '';
    }
    return '; latest ' + seriesLabels.map((label, i) => `${label} ${format(data[i + 1][last])}`).join(', ');
  }

  // Sized once it is in the page (uPlot needs a width), and again when the window changes.
  requestAnimationFrame(() => plot.setSize({ width: width(), height: options.height || 220 }));
  const resize = () => plot.setSize({ width: width(), height: options.height || 220 });
  window.addEventListener('resize', resize);

  return {
    element,
    push(x, values) {
      data[0].push(x);
      values.forEach((value, i) => data[i + 1].push(value === undefined ? null : value));
      if (data[0].length > maxPoints) {
        data = data.map(series => series.slice(-maxPoints));
      }
      plot.setData(data);
      drawn();
    },
    setData(xs, series) {
      data = [xs, ...series];
      plot.setData(data);
      drawn();
    },
    destroy() {
      window.removeEventListener('resize', resize);
      plot.destroy();
    },
  };
}

function format(value) {
  return value === null || value === undefined ? '—' : Number(value).toFixed(3).replace(/\.?0+$/, '');
}

/**
 * SHAP contributions as bars: {@code shapBars([{feature_name: 'tenure', contribution: 0.12}, ...])}; positive
 * contributions push the prediction up (to the right), negative down (to the left), scaled to the largest.
 */
export function shapBars(contributions, caption = 'SHAP contributions') {
  const largest = Math.max(1e-12, ...contributions.map(item => Math.abs(item.contribution)));
  return h('figure', { class: 'shap' },
    h('figcaption', {}, caption),
    h('ul', { class: 'shap-list' }, contributions.map(item => {
      const share = Math.abs(item.contribution) / largest * 50;
      const up = item.contribution >= 0;
      return h('li', { class: 'shap-row' },
        h('span', { class: 'shap-feature' }, item.feature_name),
        h('span', { class: 'shap-track', 'aria-hidden': 'true' },
          h('span', {
            class: `shap-bar ${up ? 'shap-up' : 'shap-down'}`,
            style: `width:${share.toFixed(2)}%;${up ? 'left:50%' : `left:${(50 - share).toFixed(2)}%`}`,
          })),
        h('span', { class: 'shap-value' }, `${up ? '+' : ''}${Number(item.contribution).toFixed(4)}`));
    })));
}
