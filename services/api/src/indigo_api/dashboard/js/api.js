// The gateway's public JSON API, same origin. Every failure becomes an ApiError that says what a
// person can do about it; a 422's fields (detail[].loc) are kept so a form can show each message
// next to the field it names.

export const API = "/api/marketplace";
const KEY_STORAGE = "indigo.apiKey";

export class ApiError extends Error {
  constructor(message, { status = 0, down = false, fields = {}, paths = {}, retryAfter = null } = {}) {
    super(message);
    this.status = status;
    this.down = down;
    this.fields = fields; // {field name: message} from a 422 (the last name in detail[].loc)
    this.paths = paths; // {"criteria.eras.0": message}: the whole place in a nested body
    this.retryAfter = retryAfter;
  }
}

export function apiKey() {
  try {
    return localStorage.getItem(KEY_STORAGE) || "";
  } catch {
    return "";
  }
}

export function setApiKey(key) {
  if (key) localStorage.setItem(KEY_STORAGE, key);
  else localStorage.removeItem(KEY_STORAGE);
}

// A query string of the set values only: an empty form field is no filter (and the API refuses
// names it does not know, so nothing else is sent).
export function query(params = {}) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "") continue;
    search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

// `auth: true` marks a call that needs the key (a change); the saved key goes with reads too, for
// an API that requires keys for them (INDIGO_API_READS_REQUIRE_KEY). Same origin: no preflight.
export async function request(path, { method = "GET", params, body } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (apiKey()) headers.Authorization = `Bearer ${apiKey()}`;
  let response;
  try {
    response = await fetch(`${path}${query(params)}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError("The API could not be reached: the server is down or the network is cut. Check that Indigo is running, then try again.", { down: true });
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (response.ok) return data;
  throw failure(response, data, text);
}

function failure(response, data, text) {
  const status = response.status;
  const detail = data && "detail" in data ? data.detail : null;
  const retryAfter = response.headers.get("Retry-After");
  if (status === 422 && Array.isArray(detail)) {
    const fields = {};
    const paths = {};
    const add = (into, key, message) => {
      into[key] = into[key] ? `${into[key]}; ${message}` : message;
    };
    for (const item of detail) {
      // ["query", "min_price"], ["path", "keywords"], ["body", "criteria", "eras", 0], ["body"].
      const loc = Array.isArray(item.loc) ? item.loc.slice(1) : [];
      const names = loc.filter((part) => typeof part === "string");
      add(fields, names.length ? names[names.length - 1] : "_", item.msg);
      add(paths, loc.join(".") || "_", item.msg);
    }
    const summary = Object.entries(paths).map(([f, m]) => `${f}: ${m}`).join(" · ");
    return new ApiError(`Some values were not accepted: ${summary}`, { status, fields, paths });
  }
  const said = typeof detail === "string" ? detail : detail ? JSON.stringify(detail) : text.slice(0, 200);
  if (status === 401) {
    return new ApiError(`This needs an API key: set one in the API key box and try again${said ? ` (the API said: ${said})` : ""}.`, { status });
  }
  if (status === 403) {
    return new ApiError(`The API key was refused for this action: use a key with the right scope${said ? ` (the API said: ${said})` : ""}.`, { status });
  }
  if (status === 503) {
    const wait = retryAfter && !/try again/i.test(said) ? ` Try again in ${retryAfter} s.` : "";
    return new ApiError(`${said || "A service Indigo needs is unavailable."}${wait}`, { status, retryAfter, down: !said });
  }
  if (status === 502 || status === 504) {
    return new ApiError("The API could not be reached (bad gateway): check that Indigo is running.", { status, down: true });
  }
  return new ApiError(said ? `${said} (HTTP ${status})` : `The API answered HTTP ${status}.`, { status, retryAfter });
}

export const get = (path, params) => request(path, { params });

// What this API offers: its OpenAPI paths, read once, so a page can say plainly when a feature
// (saved searches, cancelling a sync) is not in the running version rather than fail on use.
let openapi = null;
export async function apiPaths() {
  if (!openapi) {
    openapi = request("/openapi.json").then(
      (doc) => new Set(Object.keys(doc.paths || {})),
      (error) => {
        openapi = null;
        throw error;
      },
    );
  }
  return openapi;
}
