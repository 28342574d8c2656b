// The signed-in token: kept in sessionStorage (this tab only, gone when it closes), never in a URL or a cookie.
// Nothing here decides what the token may do; the service does, and a refusal ends the session (signOut).

const KEY = 'roi-admin-token';
const REASON_KEY = 'roi-admin-sign-out-reason';
const listeners = new Set();

export function token() {
  return sessionStorage.getItem(KEY);
}

export function signIn(value) {
  sessionStorage.setItem(KEY, value.trim());
  sessionStorage.removeItem(REASON_KEY);
}

/** Forgets the token and tells the app to show the sign-in with this reason (a refusal's message, or none). */
export function signOut(reason) {
  sessionStorage.removeItem(KEY);
  if (reason) {
    sessionStorage.setItem(REASON_KEY, reason);
  } else {
    sessionStorage.removeItem(REASON_KEY);
  }
  listeners.forEach(listener => listener(reason));
}

export function signOutReason() {
  return sessionStorage.getItem(REASON_KEY);
}

export function onSignOut(listener) {
  listeners.add(listener);
}

/**
 * The token's claims, for display only (subject, roles, expiry): the signature is the service's to check, so
 * nothing here is trusted for access. Null when the token is not a readable JWT.
 */
export function claims() {
  const value = token();
  if (!value) {
    return null;
  }
  try {
    const part = value.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part + '='.repeat((4 - part.length % 4) % 4)));
  } catch (e) {
    return null;
  }
}
