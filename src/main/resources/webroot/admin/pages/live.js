// Live predictions: subscribe to an entity and see each prediction pushed for it, with its SHAP contributions as bars.
// With the client role the page uses the prediction WebSocket (/v1/ws/predictions): a push follows every change of the
// entity's features (an event ingested for it). Without it, the event bus's sampled prediction stream
// (live.predictions) is filtered to the entity: it shows the entity's predictions that others request.

import * as bridge from '../js/bridge.js';
import { PredictionSocket } from '../js/predictionSocket.js';
import { shapBars } from '../js/charts.js';
import { h, fill, number, time, errorBox } from '../js/dom.js';
import { claims } from '../js/session.js';

export const title = 'Live predictions';

const TYPES = ['MOVE_PROBABILITY', 'TRANSACTION_TYPE', 'CONTACT_TIMING', 'PROPERTY_VALUE'];
const KEPT = 50;

export async function render(container) {
  const entity = h('input', { id: 'entity-id', type: 'text', required: true, placeholder: 'user_17', autocomplete: 'off' });
  const typeBoxes = TYPES.map(type => h('label', { class: 'inline' },
    h('input', { type: 'checkbox', value: type, checked: type === 'MOVE_PROBABILITY', class: 'prediction-type' }), ` ${type}`));
  const subscribe = h('button', { type: 'submit', id: 'subscribe' }, 'Subscribe');
  const status = h('p', { id: 'live-status', role: 'status' });
  const feed = h('ol', { id: 'prediction-feed', class: 'feed', reversed: true, 'aria-label': 'Predictions, newest first' });
  const roles = [].concat((claims() || {}).roles || []);
  const viaSocket = roles.includes('client');
  container.append(h('h2', {}, 'Live predictions'),
    h('p', {}, viaSocket
      ? 'Each change of the entity\'s features (an event ingested for it) pushes a fresh prediction over the prediction WebSocket.'
      : 'This token has no client role: the page shows the entity\'s predictions from the event bus\'s sampled stream.'),
    h('form', { id: 'subscribe-form', class: 'controls' },
      h('label', { for: 'entity-id' }, 'Entity id '), entity, ' ', h('fieldset', { class: 'inline' }, h('legend', {}, 'Prediction types'), typeBoxes), ' ', subscribe),
    status, feed);

  let socket = null;
  let stopStream = null;
  let followed = null;

  function show(prediction, how) {
    const contributions = (prediction.top_features || prediction.top_shap || [])
      .map(item => ({ feature_name: item.feature_name || item.feature, contribution: Number(item.contribution) }));
    const answer = prediction.predicted_class !== undefined && prediction.predicted_class !== null
      ? `${prediction.predicted_class}${typeof prediction.predicted_value === 'number' ? ` (${number(prediction.predicted_value, 4)})` : ''}`
      : number(prediction.predicted_value, 4);
    feed.prepend(h('li', { class: 'prediction', dataset: { predictionId: prediction.prediction_id || '' } },
      h('p', {}, h('strong', {}, `${prediction.prediction_type || ''} ${answer}`),
        ` — ${prediction.entity_id}, model ${prediction.model_name || ''} ${prediction.model_version || ''}, ${how}, ${time(prediction.created_at || prediction.timestamp || new Date().toISOString())}`),
      contributions.length ? shapBars(contributions, `Why: the ${contributions.length} largest SHAP contributions`) : h('p', {}, 'No SHAP values.')));
    while (feed.children.length > KEPT) {
      feed.lastElementChild.remove();
    }
  }

  function stop() {
    if (socket) {
      socket.close();
      socket = null;
    }
    if (stopStream) {
      stopStream();
      stopStream = null;
    }
  }

  document.getElementById('subscribe-form').addEventListener('submit', async event => {
    event.preventDefault();
    const id = entity.value.trim();
    const types = typeBoxes.map(label => label.querySelector('input')).filter(box => box.checked).map(box => box.value);
    if (!id || types.length === 0) {
      fill(status, errorBox({ message: 'Name an entity and at least one prediction type.' }));
      return;
    }
    stop();
    fill(feed);
    followed = id;
    if (!viaSocket) {
      stopStream = bridge.listen('live.predictions', prediction => {
        if (prediction.entity_id === followed && types.includes(prediction.prediction_type)) {
          show(prediction, 'sampled stream');
        }
      });
      fill(status, `Following ${id} on the sampled prediction stream.`);
      return;
    }
    socket = new PredictionSocket(frame => {
      if (frame.type === 'subscribed') {
        status.dataset.subscribed = id;
        fill(status, `Subscribed to ${id} (${types.join(', ')}): a prediction is pushed whenever its features change.`);
      } else if (frame.type === 'push' && frame.entity_id === followed) {
        show(frame.prediction, 'pushed');
      } else if (frame.type === 'prediction' && frame.result) {
        show(frame.result, 'current');
      } else if (frame.type === 'error') {
        status.append(errorBox(frame.error || frame));
      }
    }, closed => {
      fill(status, errorBox({ message: `The prediction WebSocket closed (${closed.code}${closed.reason ? `: ${closed.reason}` : ''}).` }));
    });
    try {
      await socket.subscribe(id, types);
      // The current prediction of each type first, so the feed starts with where the entity stands.
      for (const type of types) {
        await socket.predict({ entity_id: id, entity_type: id.startsWith('prop') ? 'PROPERTY' : 'USER', prediction_type: type });
      }
    } catch (error) {
      fill(status, errorBox(error));
    }
  });
  return stop;
}
