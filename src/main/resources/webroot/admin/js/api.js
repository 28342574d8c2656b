// The HTTP API with the signed-in token: JSON in, JSON out, errors as ApiError with the service's code, message and
// field ({"error": {...}}, the body every route answers). A 401 or 403 ends the session with the service's reason,
// unless the caller says it can live without the route (a monitor-only read on an admin-only token).

import { token, signOut } from './session.js';

// The console is served at <base>/admin/: the API is at <base>/ (the root, or /api/ml when mounted there).
export const BASE = location.pathname.replace(/\/admin\/.*$/, '');

export class ApiError extends Error {
  constructor(status, error) {
    super(error && error.message ? error.message : `HTTP ${status}`);
    this.status = status;
    this.code = error ? error.code : undefined;
    this.field = error ? error.field : undefined;
  }
}

/**
 * {@code request('GET', '/v1/admin/models')}; options: {body, allowForbidden: true (a 403 throws instead of signing out)}.
 */
export async function request(method, path, options = {}) {
  const headers = { 'Authorization': `Bearer ${token()}` };
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(BASE + path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (response.ok) {
    return json !== null ? json : text;
  }
  const error = new ApiError(response.status, json && json.error ? json.error : null);
  if (response.status === 401 || (response.status === 403 && !options.allowForbidden)) {
    signOut(`${response.status === 401 ? 'Not signed in' : 'Not allowed'}: ${error.message}`);
  }
  throw error;
}

export const get = (path, options) => request('GET', path, options);
export const post = (path, body, options) => request('POST', path, { ...options, body: body === undefined ? {} : body });
export const put = (path, body, options) => request('PUT', path, { ...options, body });

/** Query string from an object, skipping empty values. */
export function query(params) {
  const search = new URLSearchParams();
  Object.entries(params).forEach(([key, value]) => {
    if (value !== undefined && value !== null && value !== '') {
      search.set(key, value);
    }
  });
  const text = search.toString();
  return text ? `?${text}` : '';
}
