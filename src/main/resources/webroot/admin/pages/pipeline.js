// Pipeline: the latest runs as a timeline (each task a bar from its start to its end, retries marked), gate results,
// and the controls: trigger, backfill, cancel, resume (each redraws the runs). A running run moves live: each step the
// pipeline publishes (live.pipeline.progress: a task's attempt starting, a task ending with its rows and duration)
// updates that task in place, a running task's duration counts up, and once a task ends the run's own status and gates
// are read again. Pipeline alerts arrive over the event bus (live.alerts) and redraw the runs.

import * as api from '../js/api.js';
import * as bridge from '../js/bridge.js';
import { h, fill, table, time, duration, badge, errorBox, section, confirmAction, act } from '../js/dom.js';

export const title = 'Pipeline';

const ACTIVE = ['QUEUED', 'RUNNING'];
/** After a task ends, the run is read again this much later (one read for a burst of steps): its status, counts and gates. */
const RUN_REFRESH_MS = 500;

export async function render(container) {
  const runsBox = h('div', { id: 'runs' });
  const alertsBox = h('ul', { id: 'pipeline-alerts', class: 'alerts' });
  const controls = controlsForm(runsBox, () => draw());
  container.append(h('h2', {}, 'Pipeline'), controls, section('Runs', { id: 'runs-section' }, runsBox),
    section('Alerts (pushed while this page is open)', { id: 'alerts-section' }, alertsBox));

  /** run id → the run as last read and moved by the pushed steps since. */
  const shown = new Map();
  const refreshes = new Map();

  async function draw() {
    const { runs } = await api.get('/v1/admin/pipeline/runs?limit=10');
    const detailed = await Promise.all(runs.map(run => api.get(`/v1/admin/pipeline/runs/${run.run_id}`).catch(() => run)));
    // Runs that appeared from pushes while this read was under way stay on top; pushed task states carry over.
    const read = new Set(detailed.map(run => run.run_id));
    const newer = [...shown.values()].filter(run => !read.has(run.run_id) && run.run_id > Math.max(0, ...read));
    const merged = newer.concat(detailed.map(run => withPushes(run, shown.get(run.run_id))));
    shown.clear();
    merged.forEach(run => shown.set(run.run_id, run));
    fill(runsBox, merged.length === 0 ? h('p', {}, 'No run yet: trigger one.') : merged.map(run => runView(run, runsBox, draw)));
  }
  await draw();

  function redrawRun(run) {
    const drawn = runsBox.querySelector(`article.run[data-run="${run.run_id}"]`);
    if (drawn) {
      drawn.replaceWith(runView(run, runsBox, draw));
    } else {
      // A run first heard of from a push: on top, where the newest run is.
      runsBox.querySelectorAll(':scope > p').forEach(empty => empty.remove());
      runsBox.prepend(runView(run, runsBox, draw));
    }
  }

  /** One pushed step applied to its run: the task's status, attempt, rows, duration and error, without reading anything. */
  function applyStep(step) {
    let run = shown.get(step.run_id);
    if (!run) {
      // A run this page has not drawn yet (just triggered, started elsewhere, a backfill): drawn from the step at once,
      // and read in full shortly after.
      run = { run_id: step.run_id, as_of: '…', status: 'RUNNING', started_at: step.at, tasks: [] };
      shown.set(run.run_id, run);
      scheduleRunRefresh(run.run_id);
    }
    run.tasks = run.tasks || [];
    let task = run.tasks.find(candidate => candidate.task === step.task);
    if (!task) {
      task = { task: step.task, attempts: 0 };
      run.tasks.push(task);
    }
    task.pushed = true;
    task.status = step.status;
    if (step.status === 'RUNNING') {
      task.attempts = Math.max(task.attempts || 0, step.attempt);
      task.started_at = task.started_at && step.attempt > 1 ? task.started_at : step.at;
      task.finished_at = null;
      task.duration_ms = null;
    } else {
      task.finished_at = step.at;
      task.duration_ms = step.millis;
      task.rows = step.rows;
      task.error = step.error;
      scheduleRunRefresh(run.run_id);
    }
    if (run.status === 'QUEUED') {
      run.status = 'RUNNING';
      run.started_at = run.started_at || step.at;
    }
    redrawRun(run);
  }

  function scheduleRunRefresh(runId) {
    clearTimeout(refreshes.get(runId));
    refreshes.set(runId, setTimeout(async () => {
      refreshes.delete(runId);
      try {
        const fresh = withPushes(await api.get(`/v1/admin/pipeline/runs/${runId}`), shown.get(runId));
        shown.set(runId, fresh);
        redrawRun(fresh);
      } catch (error) {
        runsBox.prepend(errorBox(error));
      }
    }, RUN_REFRESH_MS));
  }

  // A running task's duration counts up between its pushed steps.
  const ticker = setInterval(() => runsBox.querySelectorAll('.task-detail[data-running-since]').forEach(detail => {
    const since = Number(detail.dataset.runningSince);
    detail.firstChild.textContent = `RUNNING, ${duration(Date.now() - since)} so far${detail.dataset.retries || ''}`;
  }), 1_000);

  const stops = [
    bridge.listen('live.pipeline.progress', step => applyStep(step)),
    bridge.listen('live.alerts', alert => {
      if (alert.source === 'pipeline') {
        alertsBox.prepend(h('li', {}, `${time(alert.at)} run ${alert.run_id} (${alert.as_of}) ${alert.status}: ${alert.reason}`));
        draw().catch(error => runsBox.prepend(errorBox(error)));
      }
    }),
  ];
  return () => {
    stops.forEach(stop => stop());
    clearInterval(ticker);
    refreshes.forEach(timer => clearTimeout(timer));
  };
}

/**
 * A run as read, with what pushes showed of it: a task the read does not have yet, or has still RUNNING while a push saw
 * it end, keeps its pushed state (the read may have begun before the step); the others keep the read's, marked pushed.
 */
function withPushes(fresh, known) {
  if (!known) {
    return fresh;
  }
  fresh.tasks = fresh.tasks || [];
  (known.tasks || []).filter(task => task.pushed).forEach(task => {
    const index = fresh.tasks.findIndex(candidate => candidate.task === task.task);
    const read = index < 0 ? null : fresh.tasks[index];
    if (!read) {
      fresh.tasks.push(task);
    } else if (read.status === 'RUNNING' && task.status !== 'RUNNING') {
      fresh.tasks[index] = task;
    } else {
      read.pushed = true;
    }
  });
  return fresh;
}

function controlsForm(where, redraw) {
  const asOf = h('input', { type: 'date', id: 'trigger-date', 'aria-label': 'Run date (today when empty)' });
  const trigger = h('button', { type: 'button', id: 'trigger' }, 'Trigger a run');
  const from = h('input', { type: 'date', id: 'backfill-from', 'aria-label': 'Backfill from' });
  const to = h('input', { type: 'date', id: 'backfill-to', 'aria-label': 'Backfill to' });
  const backfill = h('button', { type: 'button', id: 'backfill' }, 'Backfill');
  trigger.addEventListener('click', async () => {
    const day = asOf.value || 'today';
    if (await confirmAction(`Run the pipeline for ${day}`, `Features of every user are computed as of ${day} and written to the feature store; one run at a time.`, 'Run')) {
      await act(trigger, where, async () => {
        await api.post('/v1/admin/pipeline/runs', asOf.value ? { as_of: asOf.value } : {});
        await redraw();
      });
    }
  });
  backfill.addEventListener('click', async () => {
    if (await confirmAction(`Backfill ${from.value || '?'} to ${to.value || '?'}`, 'One run is queued for every date of the range, run one after another.', 'Backfill')) {
      await act(backfill, where, async () => {
        await api.post('/v1/admin/pipeline/backfill', { from: from.value, to: to.value });
        await redraw();
      });
    }
  });
  return h('div', { class: 'controls' },
    h('p', {}, h('label', { for: 'trigger-date' }, 'As of '), asOf, ' ', trigger),
    h('p', {}, h('label', { for: 'backfill-from' }, 'Backfill from '), from, h('label', { for: 'backfill-to' }, ' to '), to, ' ', backfill));
}

function runView(run, where, redraw) {
  const buttons = [];
  if (ACTIVE.includes(run.status)) {
    const cancel = h('button', { type: 'button', class: 'cancel' }, 'Cancel');
    cancel.addEventListener('click', async () => {
      if (await confirmAction(`Cancel run ${run.run_id}`, `Run ${run.run_id} (${run.as_of}) stops after its current task; it can be resumed later.`, 'Cancel run')) {
        await act(cancel, where, async () => { await api.post(`/v1/admin/pipeline/runs/${run.run_id}/cancel`); await redraw(); });
      }
    });
    buttons.push(cancel);
  } else if (run.status !== 'SUCCEEDED') {
    const resume = h('button', { type: 'button', class: 'resume' }, 'Resume');
    resume.addEventListener('click', async () => {
      if (await confirmAction(`Resume run ${run.run_id}`, `Run ${run.run_id} (${run.as_of}) continues from its first unfinished task.`, 'Resume')) {
        await act(resume, where, async () => { await api.post(`/v1/admin/pipeline/runs/${run.run_id}/resume`); await redraw(); });
      }
    });
    buttons.push(resume);
  }
  const gates = run.gates || [];
  return h('article', { class: 'run', dataset: { run: run.run_id, status: run.status } },
    h('h4', {}, `Run ${run.run_id} — as of ${run.as_of} `, badge(run.status), ` ${run.trigger || ''} `, buttons),
    h('p', {}, `Started ${time(run.started_at)}, finished ${time(run.finished_at)}; ${run.users ?? '—'} users, ${run.rows_written ?? '—'} rows written.`,
      run.error ? h('span', { class: 'error' }, ` Error: ${run.error}`) : null),
    timeline(run),
    gates.length === 0 ? null : table(`Quality gates of run ${run.run_id}`, ['Gate', 'Result', 'Checked', 'Failed', 'Detail'],
      gates.map(gate => [gate.gate, badge(gate.passed ? 'passed' : 'failed'), gate.checked_features ?? '—', gate.failed_features ?? '—',
        gate.reason || (gate.failures || []).slice(0, 3).map(failure => typeof failure === 'string' ? failure : JSON.stringify(failure)).join('; ')])));
}

/** Each task as a bar on the run's time axis: offset and width in percent of the run's span; retries and errors named. */
function timeline(run) {
  const tasks = run.tasks || [];
  if (tasks.length === 0) {
    return h('p', {}, 'No task started yet.');
  }
  const starts = tasks.map(task => Date.parse(task.started_at)).filter(Number.isFinite);
  const now = Date.now();
  const ends = tasks.map(task => Date.parse(task.finished_at || (task.started_at ? new Date(now).toISOString() : null))).filter(Number.isFinite);
  const begin = Math.min(...starts);
  const span = Math.max(1, Math.max(...ends) - begin);
  return h('ol', { class: 'timeline', 'aria-label': `Tasks of run ${run.run_id} on a time line` }, tasks.map(task => {
    const start = Date.parse(task.started_at);
    const end = Date.parse(task.finished_at) || now;
    const left = Number.isFinite(start) ? (start - begin) / span * 100 : 0;
    const width = Number.isFinite(start) ? Math.max(0.5, (end - start) / span * 100) : 0;
    const retries = task.attempts > 1 ? `, ${task.attempts - 1} retr${task.attempts === 2 ? 'y' : 'ies'}` : '';
    const running = task.status === 'RUNNING' && Number.isFinite(start);
    const summary = running ? `RUNNING, ${duration(now - start)} so far${retries}`
      : `${task.status}, ${duration(task.duration_ms)}${retries}${task.rows === null || task.rows === undefined ? '' : `, ${task.rows} rows`}`;
    const dataset = { status: task.status, task: task.task };
    if (task.pushed) {
      dataset.pushed = 'true';
    }
    return h('li', { class: 'task', dataset },
      h('span', { class: 'task-name' }, task.task),
      h('span', { class: 'task-track', 'aria-hidden': 'true' },
        h('span', { class: `task-bar task-${String(task.status).toLowerCase()}`, style: `left:${left.toFixed(2)}%;width:${width.toFixed(2)}%` })),
      h('span', { class: 'task-detail', dataset: running ? { runningSince: String(start), retries } : {} }, summary,
        task.error ? h('span', { class: 'error' }, ` ${task.error}`) : null));
  }));
}
