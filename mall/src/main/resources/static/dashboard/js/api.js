// Talks to /api/v1 with the signed-in ADMIN key. The key lives in sessionStorage only, never in a URL.

const KEY = 'mallquest.adminKey';
const BASE = '/api/v1';

/** An answer that was not 2xx; `problem` is the RFC 9457 body when the API sent one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }

  get notAvailable() {
    return this.status === 404 || this.status === 405;
  }
}

let onUnauthorized = () => {};

export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler;
}

export function key() {
  return sessionStorage.getItem(KEY);
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

/** Checks the key against an ADMIN-only endpoint and keeps it when it works. */
export async function signIn(candidate) {
  const response = await fetch(`${BASE}/cache/stats`, {headers: {'X-Api-Key': candidate, Accept: 'application/json'}});
  if (response.ok) {
    sessionStorage.setItem(KEY, candidate);
    return;
  }
  throw new ApiError(response.status, await problemOf(response));
}

/** Calls the API; a 401 signs out and goes back to the sign-in form. */
export async function request(method, path, body) {
  const headers = {'X-Api-Key': key() || '', Accept: 'application/json'};
  const init = {method, headers};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(BASE + path, init);
  if (response.status === 401) {
    signOut();
    onUnauthorized('Your key was refused (401). Sign in again.');
    throw new ApiError(401, await problemOf(response));
  }
  if (!response.ok) {
    throw new ApiError(response.status, await problemOf(response));
  }
  return response.status === 204 ? null : response.json();
}

export const get = (path) => request('GET', path);

async function problemOf(response) {
  try {
    return await response.json();
  } catch {
    return {};
  }
}

/** Every page of a `{items, nextCursor}` list. */
export async function all(path, cursorParam = 'after') {
  const items = [];
  let cursor = null;
  for (let page = 0; page < 50; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const url = cursor ? `${path}${sep}${cursorParam}=${encodeURIComponent(cursor)}` : path;
    const result = await get(url);
    items.push(...result.items);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return items;
}
