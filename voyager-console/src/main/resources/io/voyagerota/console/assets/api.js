// The admin API, with the admin token the operator signed in with. The token lives in this tab's sessionStorage
// only: never in a URL, never in localStorage, gone when the tab closes or the operator signs out.
const TOKEN_KEY = 'voyager.adminToken';
const API = document.querySelector('meta[name="voyager-api"]').content + '/admin';

/** An answer other than 2xx: the problem detail's title and detail, and the HTTP status. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || ('HTTP ' + status));
    this.status = status;
    this.problem = problem;
  }
}

let onSignedOut = () => {};

/** What to do when the API refuses the token (401): the app shows the sign-in page again. */
export function whenSignedOut(callback) {
  onSignedOut = callback;
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function signIn(value) {
  sessionStorage.setItem(TOKEN_KEY, value);
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** Percent-encodes one path segment. */
export function seg(value) {
  return encodeURIComponent(value);
}

/** How many of the product's devices run {@code version} now, from the fleet statistics (0 when none). */
export async function devicesOn(product, version) {
  const { versions } = await api('GET', '/products/' + seg(product) + '/stats');
  const v = versions.find((x) => x.version === version);
  return v ? v.devices : 0;
}

/** Calls the admin API: {@code path} is relative to {base}/admin; a body is sent as JSON. */
export async function api(method, path, body) {
  const headers = { 'Authorization': 'Bearer ' + token(), 'Accept': 'application/json' };
  const init = { method, headers, cache: 'no-store', credentials: 'omit' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(API + path, init);
  return answer(response.status, await response.text());
}

/** GETs a text resource of the admin API: its exact text and its headers (a release manifest and its digest). */
export async function apiText(path) {
  const response = await fetch(API + path, { headers: { 'Authorization': 'Bearer ' + token(),
    'Accept': 'text/plain' }, cache: 'no-store', credentials: 'omit' });
  const text = await response.text();
  if (response.status < 200 || response.status > 299) {
    answer(response.status, text);
  }
  return { text, headers: response.headers };
}

/**
 * Uploads a file as the release's artifact (multipart, part "file") with XMLHttpRequest, which reports upload
 * progress; {@code onProgress} gets the fraction sent, 0 to 1.
 */
export function uploadArtifact(releaseId, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', API + '/releases/' + seg(releaseId) + '/artifact');
    xhr.setRequestHeader('Authorization', 'Bearer ' + token());
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) {
        onProgress(e.loaded / e.total);
      }
    });
    xhr.addEventListener('load', () => {
      try {
        resolve(answer(xhr.status, xhr.responseText));
      } catch (e) {
        reject(e);
      }
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, { detail: 'The upload did not reach the server.' })));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

function answer(status, text) {
  let json = {};
  if (text) {
    try {
      json = JSON.parse(text);
    } catch (e) {
      json = { detail: text };
    }
  }
  if (status === 401) {
    signOut();
    onSignedOut();
    throw new ApiError(status, { detail: 'The admin token was refused. Sign in again.' });
  }
  if (status < 200 || status > 299) {
    throw new ApiError(status, json);
  }
  return json;
}
