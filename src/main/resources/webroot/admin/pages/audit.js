// Audit: who did what — every admin request (HTTP or event bus), with the caller, the action, its target and outcome,
// newest first, filtered by actor, action prefix or time.

import * as api from '../js/api.js';
import { h, fill, table, time, badge, errorBox } from '../js/dom.js';

export const title = 'Audit';

export async function render(container) {
  const actor = h('input', { id: 'audit-actor', type: 'text', placeholder: 'subject' });
  const action = h('input', { id: 'audit-action', type: 'text', placeholder: 'e.g. POST /v1/admin/models' });
  const since = h('input', { id: 'audit-since', type: 'datetime-local' });
  const button = h('button', { type: 'submit' }, 'Show');
  const result = h('div', { id: 'audit-entries' });
  const form = h('form', { class: 'controls', id: 'audit-form' },
    h('label', { for: 'audit-actor' }, 'Actor '), actor, ' ',
    h('label', { for: 'audit-action' }, 'Action '), action, ' ',
    h('label', { for: 'audit-since' }, 'Since '), since, ' ', button);
  container.append(h('h2', {}, 'Audit trail'), form, result);

  async function draw() {
    const params = {
      actor: actor.value.trim(),
      action: action.value.trim(),
      since: since.value ? new Date(since.value).toISOString() : '',
      limit: 200,
    };
    try {
      const { entries } = await api.get(`/v1/admin/audit${api.query(params)}`);
      fill(result, entries.length === 0 ? h('p', {}, 'Nothing recorded that matches.')
        : table(`${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, newest first`, ['When', 'Actor', 'Roles', 'Tenant', 'Action', 'Target', 'Outcome', 'Client'],
          entries.map(entry => [time(entry.at), entry.actor, (entry.roles || []).join(', '), entry.tenant_id || 'all',
            entry.action, h('code', {}, JSON.stringify(entry.target || {})), badge(String(entry.outcome)), entry.client_address || '—']),
          { id: 'audit-table' }));
    } catch (error) {
      fill(result, errorBox(error));
    }
  }
  form.addEventListener('submit', event => {
    event.preventDefault();
    draw();
  });
  await draw();
}
