// The console's shell: sign-in, navigation between pages (#overview, #models, ...), and the live connection state.
// Nothing is shown before the service has accepted the token: a page without a valid admin token is the sign-in.

import * as api from './api.js';
import * as bridge from './bridge.js';
import { fill, errorBox } from './dom.js';
import { token, signIn, signOut, signOutReason, onSignOut, claims } from './session.js';

const PAGES = ['overview', 'models', 'pipeline', 'monitoring', 'live', 'ingestion', 'audit'];
const signInSection = document.getElementById('sign-in');
const pageSection = document.getElementById('page');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
let cleanup = null;
let rendering = 0;

function showSignIn(reason) {
  leavePage();
  bridge.disconnect();
  nav.hidden = true;
  who.hidden = true;
  pageSection.hidden = true;
  pageSection.replaceChildren();
  signInSection.hidden = false;
  const reasonText = document.getElementById('sign-in-reason');
  reasonText.textContent = reason || '';
  reasonText.hidden = !reason;
  document.getElementById('token').focus();
}

function leavePage() {
  if (cleanup) {
    try {
      cleanup();
    } catch (e) {
      console.warn('page cleanup failed', e);
    }
  }
  cleanup = null;
}

/** The service decides: an admin route answers 200 for a valid admin token, 401/403 (and signs out) otherwise. */
async function verifyToken() {
  await api.get('/v1/admin/models');
}

function showConsole() {
  signInSection.hidden = true;
  nav.hidden = false;
  who.hidden = false;
  pageSection.hidden = false;
  const claimed = claims();
  document.getElementById('who-name').textContent = claimed
    ? `${claimed.sub || 'unknown'} (${[].concat(claimed.roles || []).join(', ')}${claimed.tenant ? `; tenant ${claimed.tenant}` : ''})`
    : 'signed in';
  bridge.connect().catch(() => { });
  route();
}

async function route() {
  const name = PAGES.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'overview';
  document.querySelectorAll('#nav a').forEach(link => {
    if (link.dataset.page === name) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  });
  leavePage();
  const attempt = ++rendering;
  const container = document.createElement('div');
  container.className = 'page';
  container.id = `page-${name}`;
  fill(pageSection, container);
  try {
    const module = await import(`../pages/${name}.js`);
    if (attempt !== rendering) {
      return;
    }
    document.title = `${module.title} — ROI ML admin`;
    const done = await module.render(container);
    if (attempt === rendering) {
      cleanup = done || null;
      // Drawn from the service's first answers; live updates follow (the browser tests wait for this).
      container.dataset.ready = 'true';
    } else if (done) {
      done();
    }
  } catch (error) {
    if (token()) {
      container.append(errorBox(error));
    }
  }
}

document.getElementById('sign-in-form').addEventListener('submit', async event => {
  event.preventDefault();
  const field = document.getElementById('token');
  signIn(field.value);
  field.value = '';
  try {
    await verifyToken();
    showConsole();
  } catch (error) {
    if (token()) {
      // Not a refusal of the token (the service is down, say): stay on the sign-in and say why.
      signOut(`Could not verify the token: ${error.message}`);
    }
  }
});

document.getElementById('sign-out').addEventListener('click', () => signOut());
onSignOut(reason => showSignIn(reason));
bridge.onStateChange(state => {
  const text = { connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…', off: '' }[state] || state;
  const element = document.getElementById('live-state');
  element.textContent = text ? `event bus: ${text}` : '';
  element.dataset.state = state;
});
window.addEventListener('hashchange', () => {
  if (token() && !nav.hidden) {
    route();
  }
});

(async function start() {
  if (!token()) {
    showSignIn(signOutReason());
    return;
  }
  try {
    await verifyToken();
    showConsole();
  } catch (error) {
    if (token()) {
      signOut(`Could not verify the token: ${error.message}`);
    }
  }
}());
