// Ingestion: events per second by type and outcome (pushed on live.ingestion.rates), the consumer lag, and the dead
// letters with their reason and payload, replayable once the cause is fixed.

import * as api from '../js/api.js';
import * as bridge from '../js/bridge.js';
import { timeChart } from '../js/charts.js';
import { h, fill, table, number, time, badge, section, confirmAction, act } from '../js/dom.js';

export const title = 'Ingestion';

export async function render(container) {
  const chart = timeChart('Events per second (accepted, rejected) and consumer lag', ['accepted/s', 'rejected/s', 'lag'], { maxPoints: 240 });
  chart.element.id = 'ingestion-chart';
  const ratesBox = h('div', { id: 'rates' }, h('p', {}, 'Waiting for the first report from the event bus…'));
  const lettersBox = h('div', { id: 'dead-letters' });
  const includeReplayed = h('input', { type: 'checkbox', id: 'include-replayed' });
  const replayAll = h('button', { type: 'button', id: 'replay-all' }, 'Replay every pending dead letter');
  container.append(h('h2', {}, 'Ingestion'),
    section('Rates', { id: 'rates-section' }, chart.element, ratesBox),
    section('Dead letters', { id: 'dead-letters-section' },
      h('p', { class: 'controls' }, includeReplayed, h('label', { for: 'include-replayed' }, ' show replayed ones too'), ' ', replayAll),
      lettersBox));

  async function drawLetters() {
    const { dead_letters: letters } = await api.get(`/v1/admin/dead-letters${api.query({ include_replayed: includeReplayed.checked ? 'true' : '' })}`);
    fill(lettersBox, letters.length === 0 ? h('p', {}, 'No dead letter.') : table(`${letters.length} dead letter(s), newest first`,
      ['Id', 'Received', 'Source', 'Event type', 'Reason', 'Field', 'Payload', 'Replay', ''],
      letters.map(letter => [letter.dead_letter_id, time(letter.received_at), letter.source, letter.event_type || '—',
        letter.reason, letter.field || '—',
        h('details', {}, h('summary', {}, 'payload'), h('pre', {}, letter.raw !== undefined ? letter.raw : `(binary, base64) ${letter.raw_base64}`)),
        letter.replay_outcome ? badge(letter.replay_outcome) : 'pending',
        letter.replay_outcome ? '' : replayButton(letter)]), { id: 'dead-letters-table' }));
  }

  function replayButton(letter) {
    const button = h('button', { type: 'button', class: 'replay' }, 'Replay');
    button.addEventListener('click', async () => {
      if (await confirmAction(`Replay dead letter ${letter.dead_letter_id}`,
        'Its payload is validated again with the current contract; if valid now it is written as an event (once), else it stays rejected.', 'Replay')) {
        await act(button, lettersBox, async () => { await report(await api.post('/v1/admin/dead-letters/replay', { ids: [letter.dead_letter_id] })); });
      }
    });
    return button;
  }

  async function report(result) {
    await drawLetters();
    lettersBox.prepend(h('p', { role: 'status' }, `Replayed ${result.replayed}: ${result.accepted} accepted, ${result.duplicates} duplicate(s), ${result.rejected} rejected again.`));
  }

  replayAll.addEventListener('click', async () => {
    if (await confirmAction('Replay every pending dead letter', 'Each pending dead letter (up to 1,000) is validated again and written if valid now.', 'Replay all')) {
      await act(replayAll, lettersBox, async () => report(await api.post('/v1/admin/dead-letters/replay', {})));
    }
  });
  includeReplayed.addEventListener('change', () => drawLetters());
  await drawLetters();

  const stop = bridge.listen('live.ingestion.rates', rates => {
    const perSecond = rates.per_second || {};
    const sum = outcome => Object.values(perSecond[outcome] || {}).reduce((a, b) => a + b, 0);
    const rejected = Object.keys(perSecond).filter(outcome => outcome !== 'accepted').reduce((total, outcome) => total + sum(outcome), 0);
    chart.push(Date.parse(rates.at) / 1000, [sum('accepted'), rejected, rates.consumer_lag]);
    const types = new Set();
    Object.values(perSecond).forEach(byType => Object.keys(byType).forEach(type => types.add(type)));
    const outcomes = Object.keys(perSecond).sort();
    fill(ratesBox, types.size === 0 ? h('p', {}, `No event in the last ${number((rates.interval_ms || 0) / 1000, 1)} s.`)
      : table('Events per second by type and outcome', ['Event type'].concat(outcomes),
        [...types].sort().map(type => [type].concat(outcomes.map(outcome => number((perSecond[outcome] || {})[type] || 0, 2)))), { id: 'rates-table' }));
  });
  return () => {
    stop();
    chart.destroy();
  };
}
