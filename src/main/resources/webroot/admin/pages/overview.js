// Overview: the dependencies' health, predictions per second and p95 latency (live chart), each model's error rate,
// the ingestion rate and consumer lag, and the dead-letter count. The page reads the current state once over HTTP,
// then every change arrives over the event bus: live.health (a component's status changed), live.ingestion.rates
// (events and predictions per interval), live.predictions (each sampled prediction's latency).

import * as api from '../js/api.js';
import * as bridge from '../js/bridge.js';
import { timeChart } from '../js/charts.js';
import { h, fill, table, number, time, badge, errorBox, section } from '../js/dom.js';

export const title = 'Overview';

export async function render(container) {
  const healthBox = h('div', { id: 'health' });
  const modelsBox = h('div', { id: 'serving' });
  const ingestionBox = h('div', { id: 'ingestion-now' }, h('p', {}, 'Waiting for the first ingestion report from the event bus…'));
  const deadLetters = h('p', { id: 'dead-letter-count' }, '…');
  const predictionChart = timeChart('Predictions per second and p95 latency (ms)', ['predictions/s', 'p95 latency ms'], { maxPoints: 240 });
  predictionChart.element.id = 'predictions-chart';
  container.append(
    h('h2', {}, 'Overview'),
    section('Dependencies', { id: 'health-section' }, healthBox),
    section('Predictions', { id: 'predictions-section' }, predictionChart.element, modelsBox),
    section('Ingestion', { id: 'ingestion-section' }, ingestionBox, deadLetters));

  const [health, models, letters] = await Promise.all([
    api.get('/health').catch(error => error),
    api.get('/v1/admin/models'),
    api.get('/v1/admin/dead-letters').catch(error => error),
  ]);
  drawHealth(healthBox, health);
  fill(deadLetters, letters instanceof Error ? errorBox(letters)
    : h('a', { href: '#ingestion' }, `${letters.dead_letters.length} dead letter(s) waiting for replay`));
  drawServing(modelsBox, models.models);

  // Between two rate reports the sampled predictions give the latency; the report gives the full count.
  let sampled = [];
  const stops = [
    bridge.listen('live.health', report => drawHealth(healthBox, report)),
    bridge.listen('live.predictions', prediction => {
      if (typeof prediction.latency_ms === 'number') {
        sampled.push(prediction.latency_ms);
      }
    }),
    bridge.listen('live.ingestion.rates', rates => {
      const predictions = rates.predictions || {};
      const p95 = typeof predictions.p95_latency_ms === 'number' ? predictions.p95_latency_ms : percentile(sampled, 0.95);
      sampled = [];
      predictionChart.push(Date.parse(rates.at) / 1000, [predictions.per_second === undefined ? null : predictions.per_second, p95]);
      drawIngestion(ingestionBox, rates);
    }),
  ];
  return () => {
    stops.forEach(stop => stop());
    predictionChart.destroy();
  };
}

function percentile(values, p) {
  if (values.length === 0) {
    return null;
  }
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

function drawHealth(box, report) {
  if (report instanceof Error) {
    fill(box, errorBox(report));
    return;
  }
  const components = report.components || {};
  const names = Object.keys(components);
  fill(box,
    h('p', {}, 'Service: ', badge(report.status), report.at ? ` (changed ${time(report.at)})` : ''),
    names.length === 0
      ? h('p', {}, 'Component details need the monitor role; this token sees the overall status only.')
      : table('Dependencies', ['Component', 'Status', 'Latency', 'Detail'], names.map(name => {
        const component = components[name];
        const detail = Object.entries(component)
          .filter(([key]) => !['status', 'latency_ms'].includes(key))
          .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : value}`).join('; ');
        return [name, badge(component.status), component.latency_ms === undefined ? '—' : `${number(component.latency_ms, 1)} ms`, detail];
      }), { id: 'health-table' }));
}

async function drawServing(box, models) {
  const rows = await Promise.all(models.map(model => api.get(`/v1/models/${encodeURIComponent(model.model_name)}/health`, { allowForbidden: true })
    .then(health => [model.prediction_type, health.model_version || '—', badge(health.status), number(health.prediction_count),
      number(health.p95_latency_ms, 1), `${number((health.error_rate || 0) * 100, 2)} %`, health.drift_detected ? 'drift' : 'no drift'])
    .catch(error => [model.prediction_type, '—', '—', '—', '—', '—', error.message])));
  fill(box, table('Serving since the last start, per model', ['Prediction type', 'Version', 'Status', 'Predictions', 'p95 ms', 'Error rate', 'Drift'],
    rows, { id: 'serving-table' }));
}

function drawIngestion(box, rates) {
  const perSecond = rates.per_second || {};
  const types = new Set();
  Object.values(perSecond).forEach(byType => Object.keys(byType).forEach(type => types.add(type)));
  const outcomes = Object.keys(perSecond).sort();
  const total = outcomes.reduce((sum, outcome) => sum + Object.values(perSecond[outcome]).reduce((a, b) => a + b, 0), 0);
  fill(box,
    h('p', {}, `${number(total, 2)} events/s over the last ${number((rates.interval_ms || 0) / 1000, 1)} s; consumer lag `,
      h('strong', { id: 'consumer-lag' }, rates.consumer_lag === null || rates.consumer_lag === undefined ? '—' : number(rates.consumer_lag)),
      ' records.'),
    types.size === 0 ? null : table('Events per second by type', ['Event type'].concat(outcomes),
      [...types].sort().map(type => [type].concat(outcomes.map(outcome => number(perSecond[outcome][type] || 0, 2))))));
}
