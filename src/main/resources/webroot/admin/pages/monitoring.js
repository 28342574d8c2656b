// Monitoring: per model, drift per feature over time (PSI of each closed window, the drifted features first), the
// performance over time — realised from outcomes and estimated (CBPE) beside the version's reference — and the alerts.
// The page follows the model live, without polling: a window closed or its performance computed
// (live.monitoring.windows) or an alert (live.alerts) for the shown model reads its windows again and redraws the
// charts when what they show changed (the performance of open windows is recomputed often, mostly to the same values).

import * as api from '../js/api.js';
import * as bridge from '../js/bridge.js';
import { timeChart } from '../js/charts.js';
import { h, fill, table, number, time, badge, errorBox, section } from '../js/dom.js';

export const title = 'Monitoring';

const FEATURES_CHARTED = 8;
/** Pushes within this interval are read once: a closing pass writes many windows in a row. */
const REDRAW_DELAY_MS = 300;

export async function render(container) {
  const { models } = await api.get('/v1/admin/models');
  const picker = h('select', { id: 'monitoring-model', 'aria-label': 'Model' },
    models.map(model => h('option', { value: model.model_name }, `${model.prediction_type} — ${model.model_name}`)));
  const windowPicker = h('select', { id: 'monitoring-window', 'aria-label': 'Window' },
    h('option', { value: 'hour' }, 'hourly windows'), h('option', { value: 'day' }, 'daily windows'));
  const body = h('div', { id: 'monitoring-body' });
  const alertsBox = h('div', { id: 'monitoring-alerts' });
  container.append(h('h2', {}, 'Monitoring'),
    h('p', { class: 'controls' }, h('label', { for: 'monitoring-model' }, 'Model '), picker, ' ', windowPicker), body,
    section('Alerts', { id: 'alerts-section' }, alertsBox));
  let charts = [];
  let drawnKey = null;
  let draws = 0;

  async function draw() {
    const name = picker.value;
    const [drift, performance, alerts] = await Promise.all([
      api.get(`/v1/monitoring/${encodeURIComponent(name)}/drift${api.query({ window: windowPicker.value, limit: 500 })}`),
      api.get(`/v1/monitoring/${encodeURIComponent(name)}/performance${api.query({ limit: 500 })}`),
      api.get(`/v1/monitoring/alerts${api.query({ model: name, limit: 50 })}`),
    ]);
    if (name !== picker.value) {
      return;
    }
    // What the charts show, without the recomputation times: unchanged, the charts stay as they are.
    const key = JSON.stringify([name, windowPicker.value, drift.windows, performance.windows], (field, value) => field === 'as_of' ? undefined : value);
    if (key !== drawnKey) {
      drawnKey = key;
      charts.forEach(chart => chart.destroy());
      charts = [];
      fill(body, driftSection(drift, charts), performanceSection(performance, charts));
      body.dataset.draws = String(++draws);
    }
    fill(alertsBox, alerts.alerts.length === 0 ? h('p', {}, 'No alert for this model.')
      : table('Alerts, newest first', ['State', 'Severity', 'Condition', 'Summary', 'Window', 'Since'],
        alerts.alerts.map(alert => [badge(alert.state), alert.severity, alert.condition, alert.summary,
          `${time(alert.period_start)} .. ${time(alert.period_end)}`, time(alert.started_at)]), { id: 'alerts-table' }));
  }

  const redraw = () => draw().catch(error => body.prepend(errorBox(error)));
  picker.addEventListener('change', redraw);
  windowPicker.addEventListener('change', redraw);
  await draw();
  let pending = null;
  const redrawSoon = () => {
    clearTimeout(pending);
    pending = setTimeout(redraw, REDRAW_DELAY_MS);
  };
  const forShownModel = handler => message => {
    if (message.model_name === picker.value) {
      handler(message);
    }
  };
  const stops = [
    bridge.listen('live.alerts', forShownModel(redrawSoon)),
    bridge.listen('live.monitoring.windows', forShownModel(redrawSoon)),
  ];
  return () => {
    stops.forEach(stop => stop());
    clearTimeout(pending);
    charts.forEach(chart => chart.destroy());
  };
}

function driftSection(drift, charts) {
  const windows = drift.windows || [];
  if (windows.length === 0) {
    return section('Drift per feature', { id: 'drift-section' },
      h('p', {}, `No closed ${drift.window || 'hour'} window between ${time(drift.from)} and ${time(drift.to)}: windows close as the model serves traffic.`));
  }
  // The features that drifted in any window first, then the largest PSI, at most FEATURES_CHARTED lines.
  const peak = new Map();
  windows.forEach(window => Object.entries(window.features || {}).forEach(([feature, metrics]) => {
    const score = (metrics.drifted ? 1000 : 0) + (typeof metrics.psi === 'number' ? metrics.psi : 0);
    peak.set(feature, Math.max(peak.get(feature) || 0, score));
  }));
  const features = [...peak.entries()].sort((a, b) => b[1] - a[1]).slice(0, FEATURES_CHARTED).map(([feature]) => feature);
  const chart = timeChart(`PSI per feature by window (${features.length} of ${peak.size} features: drifted and largest first)`, features);
  chart.element.id = 'drift-chart';
  charts.push(chart);
  chart.setData(windows.map(window => Date.parse(window.period_end) / 1000),
    features.map(feature => windows.map(window => {
      const metrics = (window.features || {})[feature];
      return metrics && typeof metrics.psi === 'number' ? metrics.psi : null;
    })));
  const latest = windows[windows.length - 1];
  return section('Drift per feature', { id: 'drift-section' }, chart.element,
    h('p', {}, `${windows.length} window(s); latest ${time(latest.period_start)} .. ${time(latest.period_end)}: ${latest.rows} predictions, `,
      latest.drift_detected ? h('strong', {}, `drift in ${latest.drifted_features.join(', ')}`) : 'no drift', '.'));
}

function performanceSection(performance, charts) {
  const windows = performance.windows || [];
  if (windows.length === 0) {
    return section('Performance over time', { id: 'performance-section' },
      h('p', {}, 'No performance window yet: the performance job computes one per day once predictions have outcomes (realised) or at least enough rows (estimated, CBPE).'));
  }
  const metrics = new Set();
  windows.forEach(window => Object.keys(window.side_by_side || {}).forEach(metric => metrics.add(metric)));
  const metric = ['auc', 'rmse', 'top_k_hit_rate', 'accuracy'].find(name => metrics.has(name)) || [...metrics][0];
  const chart = timeChart(`${metric}: realised, estimated and reference`, ['realised', 'estimated', 'reference']);
  chart.element.id = 'performance-chart';
  charts.push(chart);
  const value = (window, kind) => {
    const entry = (window.side_by_side || {})[metric];
    return entry && typeof entry[kind] === 'number' ? entry[kind] : null;
  };
  chart.setData(windows.map(window => Date.parse(window.period_end) / 1000),
    ['realised', 'estimated', 'reference'].map(kind => windows.map(window => value(window, kind))));
  return section('Performance over time', { id: 'performance-section' }, chart.element,
    table('Per window', ['Window', 'Version', ...[...metrics].flatMap(name => [`${name} realised`, `${name} estimated`, `${name} reference`])],
      windows.slice().reverse().map(window => [`${time(window.period_start)} .. ${time(window.period_end)}`, `v${window.model_version}`,
        ...[...metrics].flatMap(name => ['realised', 'estimated', 'reference'].map(kind => number(((window.side_by_side || {})[name] || {})[kind], 4)))])));
}
