// The prediction WebSocket (/v1/ws/predictions, role client): subscribe to entities and be pushed a fresh prediction
// each time their features change. Frames as PredictionSocket documents: subscribe / unsubscribe / predict out;
// subscribed / push / prediction / error in.

import { BASE } from './api.js';
import { token } from './session.js';

export class PredictionSocket {
  /** {@code onFrame(frame)} for every server frame; {@code onClose(event)} when the socket ends. */
  constructor(onFrame, onClose) {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    // Browsers cannot set headers on a WebSocket: the token goes as access_token on the upgrade (RFC 6750 §2.3).
    this.socket = new WebSocket(`${scheme}//${location.host}${BASE}/v1/ws/predictions?access_token=${encodeURIComponent(token())}`);
    this.nextId = 1;
    this.opened = new Promise((resolve, reject) => {
      this.socket.onopen = () => resolve();
      this.socket.onerror = () => reject(new Error('the prediction WebSocket did not open (does the token hold the client role?)'));
    });
    this.socket.onmessage = event => onFrame(JSON.parse(event.data));
    this.socket.onclose = event => onClose(event);
  }

  async send(frame) {
    await this.opened;
    const id = `c${this.nextId++}`;
    this.socket.send(JSON.stringify({ ...frame, id }));
    return id;
  }

  subscribe(entityId, predictionTypes) {
    return this.send({ type: 'subscribe', entity_ids: [entityId], prediction_types: predictionTypes });
  }

  unsubscribe(entityId) {
    return this.send({ type: 'unsubscribe', entity_ids: [entityId] });
  }

  predict(request) {
    return this.send({ type: 'predict', request });
  }

  close() {
    this.socket.onclose = null;
    this.socket.close();
  }
}
