// Building the page: elements from data (never HTML strings, so a listing's title cannot inject
// markup), formatting, and the loading / empty / error states every view shows.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      el.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === "dataset") {
      Object.assign(el.dataset, value);
    } else if (name in el && typeof value !== "string") {
      el[name] = value;
    } else {
      el.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let ids = 0;
export function uid(prefix) {
  ids += 1;
  return `${prefix}-${ids}`;
}

// --- states -----------------------------------------------------------------------------------

export function loading(what = "Loading…") {
  return h("p", { class: "state state-loading", role: "status" }, what);
}

export function empty(message, ...extra) {
  return h("div", { class: "state state-empty" }, h("p", {}, message), ...extra);
}

export function errorState(error, retry) {
  const box = h(
    "div",
    { class: "state state-error", role: "alert" },
    h("p", { class: "state-title" }, error.down ? "The Indigo API is not answering" : "Something went wrong"),
    h("p", {}, error.message),
  );
  if (retry) box.append(h("button", { type: "button", onclick: retry }, "Try again"));
  return box;
}

// --- formatting -------------------------------------------------------------------------------

const LOCALE = navigator.language || "en-US";

export function money(amount, currency) {
  if (amount === null || amount === undefined) return "no price";
  try {
    return new Intl.NumberFormat(LOCALE, { style: "currency", currency: currency || "USD" }).format(amount);
  } catch {
    return `${Number(amount).toFixed(2)} ${currency || ""}`.trim();
  }
}

export function usd(amount) {
  return money(amount, "USD");
}

export function number(value, digits = 0) {
  if (value === null || value === undefined) return "–";
  return new Intl.NumberFormat(LOCALE, { maximumFractionDigits: digits }).format(value);
}

export function percent(value, digits = 1) {
  if (value === null || value === undefined) return "–";
  const sign = value > 0 ? "+" : "";
  return `${sign}${number(value, digits)}%`;
}

export function dateTime(text) {
  if (!text) return "–";
  const when = new Date(text);
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeStyle: "short" }).format(when);
}

export function day(text) {
  if (!text) return "–";
  // A calendar day ("2026-11-28"): shown as that day wherever the browser is.
  const [y, m, d] = text.split("-").map(Number);
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return "–";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
  return `${number(seconds / 86400, 1)} days`;
}

export function time(text) {
  return h("time", { datetime: text || "" }, dateTime(text));
}

export const PLATFORM_NAMES = { ebay: "eBay", etsy: "Etsy", reddit: "Reddit", all: "All marketplaces" };

export function platformBadge(platform) {
  return h("span", { class: `badge badge-${platform}` }, PLATFORM_NAMES[platform] || platform);
}

// A link to somewhere outside Indigo: only http(s), opened apart from the dashboard.
export function externalLink(url, text) {
  const safe = /^https?:\/\//i.test(url || "") ? url : null;
  if (!safe) return h("span", {}, text);
  return h("a", { href: safe, target: "_blank", rel: "noopener noreferrer external" }, text);
}

// A photo the marketplace hosts; when it cannot be loaded, a plain placeholder says so.
export function photo(url, alt, className = "photo") {
  const frame = h("div", { class: `${className} photo-frame` });
  if (!/^https?:\/\//i.test(url || "")) {
    frame.append(h("span", { class: "photo-missing" }, "no photo"));
    return frame;
  }
  const img = h("img", { src: url, alt, loading: "lazy", decoding: "async", referrerpolicy: "no-referrer" });
  img.addEventListener("error", () => replace(frame, h("span", { class: "photo-missing" }, "photo unavailable")));
  frame.append(img);
  return frame;
}

export function announce(message) {
  const region = document.getElementById("announcer");
  if (region) region.textContent = message;
}
