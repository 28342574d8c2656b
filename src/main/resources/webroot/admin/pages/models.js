// Models: per prediction type, the versions with their stage and metrics side by side, the stage history, a comparison
// of two versions, promote / archive with a confirmation naming what will happen, and training. A stage change made
// anywhere (this page, another admin, the pipeline) arrives on live.models.changed and redraws the model shown.

import * as api from '../js/api.js';
import * as bridge from '../js/bridge.js';
import { h, fill, table, number, time, badge, errorBox, section, confirmAction, act } from '../js/dom.js';

export const title = 'Models';

const STAGES = ['Staging', 'Production'];
// Metrics shown first when a version has them; the rest follow alphabetically.
const PREFERRED_METRICS = ['auc', 'macro_f1', 'accuracy', 'rmse', 'mae', 'r2', 'top_k_hit_rate', 'oracle_gap', 'baseline'];

export async function render(container) {
  const { models } = await api.get('/v1/admin/models');
  const picker = h('select', { id: 'model-picker', 'aria-label': 'Model' },
    models.map(model => h('option', { value: model.model_name }, `${model.prediction_type} — ${model.model_name}`)));
  const detail = h('div', { id: 'model-detail' });
  const trainStatus = h('div', { id: 'train-status', role: 'status' });
  const trainButton = h('button', { type: 'button', id: 'train' }, 'Train a new version');
  container.append(
    h('h2', {}, 'Models'),
    h('p', { class: 'controls' }, h('label', { for: 'model-picker' }, 'Prediction type '), picker, ' ', trainButton),
    trainStatus,
    detail);

  let shown = models.length ? models[0].model_name : null;
  const initial = new URLSearchParams(location.hash.split('?')[1] || '').get('model');
  if (initial && models.some(model => model.model_name === initial)) {
    shown = initial;
    picker.value = initial;
  }
  const typeOf = name => (models.find(model => model.model_name === name) || {}).prediction_type;

  async function draw() {
    if (!shown) {
      fill(detail, h('p', {}, 'No model is registered yet: train one.'));
      return;
    }
    const name = shown;
    const [{ versions }, { history }] = await Promise.all([
      api.get(`/v1/admin/models/${encodeURIComponent(name)}`),
      api.get(`/v1/admin/models/${encodeURIComponent(name)}/history`),
    ]);
    if (name !== shown) {
      return;
    }
    fill(detail,
      versionsTable(name, versions, draw, detail),
      compareForm(name, versions),
      section('Stage history', { id: 'stage-history' }, history.length === 0 ? h('p', {}, 'No stage change yet.')
        : table(`Stage changes of ${name}, newest first`, ['When', 'Version', 'From', 'To', 'By', 'Reason'],
          history.map(change => [time(change.changed_at), `v${change.version}`, change.from, change.to, change.changed_by, change.reason || '']))));
  }

  picker.addEventListener('change', () => {
    shown = picker.value;
    draw().catch(error => detail.prepend(errorBox(error)));
  });
  trainButton.addEventListener('click', async () => {
    const type = typeOf(shown);
    if (!type || !await confirmAction(`Train a new ${type} version`,
      `A new version of ${shown} is trained on the current data and registered with stage None; nothing that serves changes until you promote it. Training can take minutes.`,
      'Train')) {
      return;
    }
    fill(trainStatus, h('p', {}, `Training ${shown}…`));
    await act(trainButton, trainStatus, async () => {
      const report = await api.post('/v1/admin/models/train', { prediction_type: type });
      fill(trainStatus, h('p', {}, `Registered ${report.model_name} v${report.version} (${report.stage}).`));
      await draw();
    });
  });

  await draw();
  // Pushed, not polled: any stage change or new version of the model shown redraws it.
  const stopListening = bridge.listen('live.models.changed', changed => {
    if (changed.model_name === shown) {
      draw().catch(error => detail.prepend(errorBox(error)));
    }
  });
  return stopListening;
}

function metricNames(versions) {
  const names = new Set();
  versions.forEach(version => Object.entries(version.metrics || {})
    .filter(([, value]) => typeof value === 'number').forEach(([metric]) => names.add(metric)));
  return [...names].sort((a, b) => {
    const rank = name => (PREFERRED_METRICS.indexOf(name) + PREFERRED_METRICS.length + 1) % (PREFERRED_METRICS.length + 1);
    return rank(a) - rank(b) || a.localeCompare(b);
  });
}

/** On simulated data a version also carries the oracle's score (the truth's model): the gap is what is left to learn. */
function oracleGaps(metrics) {
  return metrics.filter(metric => metric.startsWith('oracle_') && metrics.includes(metric.slice('oracle_'.length)))
    .map(oracle => oracle.slice('oracle_'.length));
}

function gap(version, metric) {
  const values = version.metrics || {};
  const oracle = values[`oracle_${metric}`];
  return typeof oracle === 'number' && typeof values[metric] === 'number' ? Math.abs(oracle - values[metric]) : null;
}

function versionsTable(name, versions, redraw, where) {
  const metrics = metricNames(versions);
  const gaps = oracleGaps(metrics);
  const production = versions.find(version => version.stage === 'Production');
  const rows = versions.slice().sort((a, b) => b.version - a.version).map(version => h('tr', { dataset: { version: version.version } },
    h('th', { scope: 'row' }, `v${version.version}`),
    h('td', { class: 'stage' }, badge(version.stage)),
    h('td', {}, version.algorithm || version.model_type || ''),
    h('td', {}, time(version.created_at)),
    metrics.map(metric => h('td', { class: 'num' }, number(version.metrics ? version.metrics[metric] : null, 4))),
    gaps.map(metric => h('td', { class: 'num' }, number(gap(version, metric), 4))),
    h('td', { class: 'actions' }, actions(name, version, production, redraw, where))));
  return section(`Versions of ${name}`, { id: 'versions' }, h('div', { class: 'scroll' },
    h('table', { id: 'versions-table' },
      h('caption', {}, `${versions.length} version(s); metrics on each version's test set, side by side`),
      h('thead', {}, h('tr', {}, ['Version', 'Stage', 'Algorithm', 'Created'].concat(metrics).concat(gaps.map(metric => `${metric} oracle gap`)).concat(['Actions'])
        .map(header => h('th', { scope: 'col' }, header)))),
      h('tbody', {}, rows))));
}

function actions(name, version, production, redraw, where) {
  const buttons = [];
  STAGES.filter(stage => stage !== version.stage && version.stage !== 'Archived').forEach(stage => {
    const button = h('button', { type: 'button', class: 'promote', dataset: { stage, version: version.version } }, `Promote to ${stage}`);
    button.addEventListener('click', async () => {
      const consequence = stage === 'Production'
        ? `v${version.version} of ${name} (now ${version.stage}) will serve every ${version.prediction_type} prediction`
          + (production ? `; v${production.version}, Production now, will be archived.` : '.')
        : `v${version.version} of ${name} moves from ${version.stage} to Staging; what serves does not change.`;
      if (await confirmAction(`Promote ${name} v${version.version} to ${stage}`, consequence, `Promote to ${stage}`)) {
        await act(button, where, async () => {
          await api.post(`/v1/admin/models/${encodeURIComponent(name)}/versions/${version.version}/promote`,
            { stage, reason: 'promoted in the admin console' });
          await redraw();
        });
      }
    });
    buttons.push(button);
  });
  if (version.stage !== 'Archived') {
    const archive = h('button', { type: 'button', class: 'archive', dataset: { version: version.version } }, 'Archive');
    archive.addEventListener('click', async () => {
      const consequence = version.stage === 'Production'
        ? `v${version.version} of ${name} stops serving: ${version.prediction_type} predictions fail until another version is promoted to Production.`
        : `v${version.version} of ${name} moves from ${version.stage} to Archived; it can be promoted again later.`;
      if (await confirmAction(`Archive ${name} v${version.version}`, consequence, 'Archive')) {
        await act(archive, where, async () => {
          await api.post(`/v1/admin/models/${encodeURIComponent(name)}/versions/${version.version}/archive`,
            { reason: 'archived in the admin console' });
          await redraw();
        });
      }
    });
    buttons.push(archive);
  }
  return buttons;
}

function compareForm(name, versions) {
  const sorted = versions.slice().sort((a, b) => b.version - a.version);
  const options = () => sorted.map(version => h('option', { value: version.version }, `v${version.version} (${version.stage})`));
  const first = h('select', { id: 'compare-a', 'aria-label': 'First version' }, options());
  const second = h('select', { id: 'compare-b', 'aria-label': 'Second version' }, options());
  if (sorted.length > 1) {
    second.value = String(sorted[1].version);
  }
  const result = h('div', { id: 'compare-result' });
  const button = h('button', { type: 'button', id: 'compare' }, 'Compare');
  button.addEventListener('click', () => act(button, result, async () => {
    const comparison = await api.get(`/v1/admin/models/${encodeURIComponent(name)}/compare${api.query({ v1: first.value, v2: second.value })}`);
    const a = `v${first.value}`;
    const b = `v${second.value}`;
    fill(result, table(`${a} and ${b} of ${name}`, ['Metric', a, b, `${b} − ${a}`],
      Object.entries(comparison.metrics).map(([metric, values]) => [metric, number(values[a], 4), number(values[b], 4), number(values.difference, 4)])));
  }));
  return section('Compare two versions', { id: 'compare-section' },
    sorted.length < 2 ? h('p', {}, 'One version only: nothing to compare.')
      : h('p', { class: 'controls' }, first, ' with ', second, ' ', button), result);
}
