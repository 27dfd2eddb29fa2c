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
export async function request(method, path, body, extraHeaders = {}) {
  const headers = {'X-Api-Key': key() || '', Accept: 'application/json', ...extraHeaders};
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

/** GET of a path outside /api/v1 (e.g. /actuator/health) with the key; answers {status, body} whatever the status. */
export async function getOutside(path) {
  const response = await fetch(path, {headers: {'X-Api-Key': key() || '', Accept: 'application/json'}});
  if (response.status === 401) {
    signOut();
    onUnauthorized('Your key was refused (401). Sign in again.');
    throw new ApiError(401, await problemOf(response));
  }
  return {status: response.status, body: await problemOf(response)};
}

/** A fresh Idempotency-Key, so that a retried write applies once. */
export function idempotencyKey() {
  return crypto.randomUUID();
}

/**
 * Uploads a file as the body of a POST with progress reports (fetch has none): onProgress(sent, total).
 * Resolves with the parsed JSON answer; rejects with an ApiError.
 */
export function upload(path, file, contentType, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', BASE + path);
    xhr.setRequestHeader('X-Api-Key', key() || '');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size));
    xhr.addEventListener('load', () => {
      let body = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = {};
      }
      if (xhr.status === 401) {
        signOut();
        onUnauthorized('Your key was refused (401). Sign in again.');
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new ApiError(xhr.status, body));
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, {detail: 'The upload failed (network error)'})));
    xhr.send(file);
  });
}

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
