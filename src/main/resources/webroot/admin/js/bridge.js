// The event-bus bridge (/eventbus, SockJS) with the official Vert.x client: one connection per tab, opened with the
// signed-in token, shared by the pages. Requests go to the same contracts as the HTTP admin routes (docs/admin-bus.md);
// live streams (live.*) are listened on while a page shows them. A refusal ends the session with the bridge's reason,
// and so does the bridge closing the socket when the token expires.

import { BASE } from './api.js';
import { token, signOut } from './session.js';

let bus = null;
let opened = null;
const stateListeners = new Set();
/** address → handlers of the pages showing it; registered on the bus once per address, again after a reconnect. */
const listeners = new Map();

export class BridgeError extends Error {
  constructor(failure) {
    const parsed = parseFailure(failure);
    super(parsed.message);
    this.status = parsed.status;
    this.code = parsed.code;
    this.field = parsed.field;
  }
}

/** A failed reply: {failureCode: the HTTP status it would have had, message: the contract's error JSON as text}. */
function parseFailure(failure) {
  const status = failure && failure.failureCode;
  let error = null;
  try {
    error = JSON.parse(failure.message);
  } catch (e) {
    error = { message: failure && failure.message ? String(failure.message) : 'the bridge refused the request' };
  }
  if (error && error.error) {
    error = error.error;
  }
  return { status, code: error.code, message: error.message, field: error.field };
}

function setState(state) {
  stateListeners.forEach(listener => listener(state));
}

export function onStateChange(listener) {
  stateListeners.add(listener);
}

/** Opens the connection once; resolves when it is open (again after a reconnect, handlers are re-registered). */
export function connect() {
  if (opened) {
    return opened;
  }
  setState('connecting');
  opened = new Promise((resolve, reject) => {
    // A browser cannot set headers on the SockJS handshake: the bridge reads the token from the URL's access_token.
    const url = `${location.origin}${BASE}/eventbus?access_token=${encodeURIComponent(token())}`;
    bus = new EventBus(url);
    bus.enableReconnect(true);
    bus.onopen = () => {
      setState('live');
      listeners.forEach((handlers, address) => register(address));
      resolve(bus);
    };
    bus.onreconnect = () => setState('live');
    bus.onclose = () => {
      setState('reconnecting');
      reject(new Error('the event bus closed before it opened'));
    };
    bus.onerror = error => {
      // An error frame for no request of ours: a registration the bridge refused ({"type": "err", "body": "access_denied"}),
      // or the token expiring (401 naming when; the bridge closes the socket next, and a reconnect would be refused).
      const failure = error && error.failureCode ? parseFailure(error) : null;
      const reason = failure ? failure.message : error && error.body ? error.body : 'the bridge refused';
      disconnect();
      signOut(failure && failure.status === 401 ? `The event bus closed the connection: ${reason}` : `The event bus refused this token: ${reason}`);
    };
  });
  opened.catch(() => { });
  return opened;
}

export function disconnect() {
  if (bus) {
    bus.enableReconnect(false);
    try {
      bus.close();
    } catch (e) {
      // already closed
    }
  }
  bus = null;
  opened = null;
  listeners.clear();
  setState('off');
}

/** {@code await bridge.request('admin.models.list', {})}: the reply body, or a BridgeError (a 401/403 also signs out). */
export async function request(address, body = {}) {
  const connected = await connect();
  return new Promise((resolve, reject) => {
    connected.send(address, body, {}, (failure, reply) => {
      if (failure) {
        const error = new BridgeError(failure);
        if (error.status === 401 || error.status === 403) {
          signOut(`The event bus refused ${address}: ${error.message}`);
        }
        reject(error);
      } else {
        resolve(reply.body);
      }
    });
  });
}

function register(address) {
  bus.registerHandler(address, {}, (failure, message) => {
    if (failure) {
      return;
    }
    (listeners.get(address) || new Set()).forEach(handler => handler(message.body));
  });
}

/** Calls {@code handler(body)} for each message on a live stream until the returned function is called. */
export function listen(address, handler) {
  let handlers = listeners.get(address);
  const first = !handlers;
  if (first) {
    handlers = new Set();
    listeners.set(address, handlers);
  }
  handlers.add(handler);
  if (first && bus && bus.state === EventBus.OPEN) {
    register(address);
  } else if (first) {
    connect(); // onopen registers every address listened on
  }
  return () => {
    handlers.delete(handler);
    if (handlers.size === 0 && listeners.get(address) === handlers) {
      listeners.delete(address);
      if (bus && bus.state === EventBus.OPEN) {
        bus.unregisterHandler(address, {});
      }
    }
  };
}
