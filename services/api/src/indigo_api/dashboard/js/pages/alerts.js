// Alerts: saved searches with every criterion, their triggers, delivery and channels: create, edit,
// pause and resume, delete; each one's matches and delivery log; a test alert.
//
// The body is /api/marketplace/saved-searches' (issue 11): {name, criteria: {...}, triggers:
// {new, price_drop: {percent, below_usd}, back_on_market}, delivery, notify_existing, channels}.

import { API, apiPaths, get, request } from "../api.js";
import { apiKeyBox } from "../auth.js";
import { PLATFORM_NAMES, dateTime, empty, errorState, h, loading, money, number, photo, platformBadge, replace, time, usd } from "../dom.js";
import { checkbox, formError, input, select, showErrors } from "../forms.js";

const BASE = `${API}/saved-searches`;
const PLATFORMS = ["ebay", "etsy", "reddit"];
const WASHES = ["rigid", "dark", "medium", "light", "stonewash", "acid", "black"];
const CONDITIONS = ["deadstock", "excellent", "good", "fair", "distressed"];
const LISTS = ["brands", "lots", "eras", "made_in"]; // typed as comma-separated words

// --- the form and the API's body ---------------------------------------------------------------

const words = (text) => (text || "").split(",").map((w) => w.trim()).filter(Boolean);
const numberOr = (text) => (text === "" ? null : Number.isFinite(Number(text)) ? Number(text) : text);

function inches(low, high) {
  const min = numberOr(low);
  const max = numberOr(high);
  if (min === null && max === null) return null;
  if (min !== null && min === max) return min;
  return Object.fromEntries(Object.entries({ min, max }).filter(([, v]) => v !== null));
}

function bodyOf(v) {
  const criteria = {
    keywords: v.keywords || null,
    platforms: PLATFORMS.filter((p) => v[`platform_${p}`]),
    min_price_usd: numberOr(v.min_price_usd),
    max_price_usd: numberOr(v.max_price_usd),
    waist: inches(v.waist_min, v.waist_max),
    inseam: inches(v.inseam_min, v.inseam_max),
    washes: WASHES.filter((w) => v[`wash_${w}`]),
    conditions: CONDITIONS.filter((c) => v[`condition_${c}`]),
    selvedge: v.selvedge === "" ? null : v.selvedge === "true",
    min_deal_score: numberOr(v.min_deal_score),
  };
  // Every criterion, empty ones as null or []: no such criterion. An edit (PATCH) keeps what
  // it leaves out, so a box the user emptied must be sent to be cleared.
  for (const name of LISTS) criteria[name] = words(v[name]);
  const drop = { percent: numberOr(v.drop_percent), below_usd: numberOr(v.drop_below_usd) };
  const triggers = {
    new: Boolean(v.trigger_new),
    back_on_market: Boolean(v.trigger_back_on_market),
    price_drop: v.trigger_price_drop ? Object.fromEntries(Object.entries(drop).filter(([, x]) => x !== null)) : null,
  };
  return { name: v.name, criteria, triggers, delivery: v.delivery };
}

function valuesOf(search) {
  const c = search.criteria;
  const v = {
    name: search.name, keywords: c.keywords || "", delivery: search.delivery,
    min_price_usd: c.min_price_usd ?? "", max_price_usd: c.max_price_usd ?? "", min_deal_score: c.min_deal_score ?? "",
    selvedge: c.selvedge === true ? "true" : c.selvedge === false ? "false" : "",
    trigger_new: search.triggers.new, trigger_back_on_market: search.triggers.back_on_market,
    trigger_price_drop: Boolean(search.triggers.price_drop),
    drop_percent: search.triggers.price_drop?.percent ?? "", drop_below_usd: search.triggers.price_drop?.below_usd ?? "",
  };
  for (const name of LISTS) v[name] = (c[name] || []).join(", ");
  for (const [name, value] of [["waist", c.waist], ["inseam", c.inseam]]) {
    v[`${name}_min`] = typeof value === "number" ? value : value?.min ?? "";
    v[`${name}_max`] = typeof value === "number" ? value : value?.max ?? "";
  }
  for (const p of PLATFORMS) v[`platform_${p}`] = c.platforms.includes(p);
  for (const w of WASHES) v[`wash_${w}`] = c.washes.includes(w);
  for (const k of CONDITIONS) v[`condition_${k}`] = c.conditions.includes(k);
  return v;
}

// Where a 422 about the body (detail[].loc past "body") is shown in the form.
// A check of the whole criteria ("min_price_usd is greater than max_price_usd") goes to the
// field its message names.
const CRITERIA = ["min_price_usd", "max_price_usd", "min_deal_score", "keywords", "brands", "lots", "eras", "made_in"];

function fieldFor(path, message, channels) {
  const [head, second, third] = path.split(".");
  if (head === "criteria" && second === undefined) return CRITERIA.find((name) => message.includes(name)) || "keywords";
  if (head === "criteria" && (second === "waist" || second === "inseam")) return `${second}_min`;
  if (head === "criteria") return second;
  if (head === "triggers" && second === "price_drop") return third === "below_usd" ? "drop_below_usd" : "drop_percent";
  if (head === "triggers") return "trigger_new";
  if (head === "channels" && channels[Number(second)]) return `${channels[Number(second)].type}_url`;
  return head;
}

function showBodyErrors(form, error, channels = []) {
  const fields = {};
  for (const [path, message] of Object.entries(error.paths || {})) {
    const name = fieldFor(path, message, channels);
    fields[name] = fields[name] ? `${fields[name]}; ${message}` : message;
  }
  showErrors(form, { message: error.message, fields });
}

function group(name, legend, options, values, errorName) {
  return h(
    "fieldset",
    { class: "check-group" },
    h("legend", {}, legend),
    h("div", { class: "checks" }, options.map(([value, label]) => checkbox(`${name}_${value}`, label, { checked: Boolean(values[`${name}_${value}`]) }))),
    h("p", { class: "field-error", dataset: { errorFor: errorName }, hidden: true }),
  );
}

function searchForm(search, { onSaved, onCancel }) {
  const v = search ? valuesOf(search) : { trigger_new: true, delivery: "instant", drop_percent: "10" };
  const text = (name, label, attrs = {}) => input(name, label, { value: v[name] ?? "", ...attrs });
  const num = (name, label, attrs = {}) => input(name, label, { value: v[name] ?? "", type: "number", step: "any", inputmode: "decimal", ...attrs });
  const form = h(
    "form",
    { class: "saved-search-form", "aria-labelledby": "search-form-title" },
    h("h2", { id: "search-form-title" }, search ? `Edit “${search.name}”` : "New saved search"),
    h("fieldset", {}, h("legend", {}, "What to look for"),
      h("div", { class: "grid-fields" },
        text("name", "Name", { required: true, maxlength: 100, placeholder: "501s under $100" }),
        text("keywords", "Keywords", { maxlength: 200, placeholder: "levis 501", hint: "as the listings search: typos are forgiven" }),
        text("brands", "Brands", { placeholder: "Levi's, Lee", hint: "any of, comma-separated" }),
        text("lots", "Lots", { placeholder: "501, 505" }),
        num("min_price_usd", "Min price (USD)", { min: 0 }),
        num("max_price_usd", "Max price (USD)", { min: 0 }),
        num("waist_min", "Waist from", { hint: "the same in both: exactly" }),
        num("waist_max", "Waist to"),
        num("inseam_min", "Inseam from"),
        num("inseam_max", "Inseam to"),
        text("eras", "Eras", { placeholder: "1980s, 90s, Y2K" }),
        text("made_in", "Made in", { placeholder: "USA, Japan" }),
        select("selvedge", "Selvedge", [["", "Any"], ["true", "Selvedge"], ["false", "Not selvedge"]], { value: v.selvedge || "" }),
        num("min_deal_score", "Min deal score (%)", { min: -100, max: 100 }),
      ),
      group("platform", "Marketplaces (none: all)", PLATFORMS.map((p) => [p, PLATFORM_NAMES[p]]), v, "platforms"),
      group("wash", "Washes (none: any)", WASHES.map((w) => [w, w]), v, "washes"),
      group("condition", "Conditions (none: any)", CONDITIONS.map((c) => [c, c]), v, "conditions"),
    ),
    h("fieldset", {}, h("legend", {}, "Alert me when"),
      h("div", { class: "checks" },
        checkbox("trigger_new", "a new listing matches", { checked: Boolean(v.trigger_new) }),
        checkbox("trigger_price_drop", "a matched listing's price drops", { checked: Boolean(v.trigger_price_drop) }),
        checkbox("trigger_back_on_market", "a matched listing is back on the market", { checked: Boolean(v.trigger_back_on_market) }),
      ),
      h("div", { class: "grid-fields" }, num("drop_percent", "Drop of at least (%)", { min: 0, max: 100 }), num("drop_below_usd", "Or at or below (USD)", { min: 0 })),
    ),
    h("fieldset", {}, h("legend", {}, "Delivery"),
      h("div", { class: "grid-fields" },
        select("delivery", "When", [["instant", "At once"], ["hourly", "Hourly digest"], ["daily", "Daily digest"]], { value: v.delivery || "instant" }),
        search ? null : input("webhook_url", "Webhook URL", { type: "url", placeholder: "https://example.com/hooks/indigo", hint: "signed per Standard Webhooks" }),
        search ? null : input("apprise_url", "Chat or e-mail (Apprise URL)", { placeholder: "ntfy://indigo-alerts" }),
      ),
      search ? h("p", { class: "hint" }, "Channels are changed in the list of channels below.") : checkbox("notify_existing", "also alert for the listings that match now", { checked: false }),
    ),
    h("div", { class: "actions" }, h("button", { type: "submit" }, search ? "Save changes" : "Create saved search"), onCancel ? h("button", { type: "button", class: "secondary", onclick: onCancel }, "Cancel") : null),
    formError(),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = {};
    for (const el of form.elements) if (el.name) values[el.name] = el.type === "checkbox" ? el.checked : el.value.trim();
    const body = bodyOf(values);
    const channels = search ? [] : [["webhook", values.webhook_url], ["apprise", values.apprise_url]].filter(([, url]) => url).map(([type, url]) => ({ type, url }));
    if (!search) {
      body.channels = channels;
      body.notify_existing = Boolean(values.notify_existing);
    }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const saved = search
        ? await request(`${BASE}/${search.id}`, { method: "PATCH", body, auth: true })
        : await request(BASE, { method: "POST", body, auth: true });
      onSaved(saved);
    } catch (error) {
      showBodyErrors(form, error, channels);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

// --- what a search looks for, its matches, its deliveries ---------------------------------

function range(value, unit = "″") {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return `${value}${unit}`;
  if (value.min !== undefined && value.min !== null && value.max !== undefined && value.max !== null) return `${value.min}–${value.max}${unit}`;
  return value.min !== undefined && value.min !== null ? `≥ ${value.min}${unit}` : `≤ ${value.max}${unit}`;
}

export function criteriaText(search) {
  const c = search.criteria;
  const parts = [
    c.keywords && `“${c.keywords}”`, c.brands.join(" or "), c.lots.join(" or "),
    c.min_price_usd !== null && c.min_price_usd !== undefined && `from ${usd(c.min_price_usd)}`,
    c.max_price_usd !== null && c.max_price_usd !== undefined && `up to ${usd(c.max_price_usd)}`,
    c.waist !== null && c.waist !== undefined && `waist ${range(c.waist)}`,
    c.inseam !== null && c.inseam !== undefined && `inseam ${range(c.inseam)}`,
    c.eras.join(" or "), c.washes.length && `${c.washes.join(" or ")} wash`, c.made_in.length && `made in ${c.made_in.join(" or ")}`,
    c.selvedge === true && "selvedge", c.selvedge === false && "not selvedge", c.conditions.join(" or "),
    c.min_deal_score !== null && c.min_deal_score !== undefined && `deal ≥ ${c.min_deal_score}%`,
  ].filter(Boolean);
  const platforms = c.platforms.map((p) => PLATFORM_NAMES[p]).join(", ") || "every marketplace";
  return `${parts.join(" · ") || "everything"} on ${platforms}`;
}

function triggersText(t) {
  const parts = [t.new && "new matches", t.price_drop && `price drops${t.price_drop.percent ? ` of ${t.price_drop.percent}%` : ""}${t.price_drop.below_usd ? `${t.price_drop.percent ? " or" : ""} to ${usd(t.price_drop.below_usd)}` : ""}`, t.back_on_market && "back on the market"];
  return parts.filter(Boolean).join(", ");
}

function matchCard(match) {
  const l = match.listing || {};
  const why = match.trigger === "price_drop" && match.previous_price !== null ? `price drop from ${money(match.previous_price, match.currency)}` : match.trigger.replaceAll("_", " ");
  return h(
    "li",
    { class: "card", dataset: { listingId: l.id || "" } },
    photo(l.image_url, l.title || "listing", "thumb"),
    h("div", { class: "card-body" },
      h("h3", { class: "card-title" }, l.id ? h("a", { href: `#/listings/${l.id}` }, l.title) : l.title),
      h("p", { class: "price" }, h("span", { class: "price-main" }, money(match.price, match.currency)), match.currency && match.currency !== "USD" && match.price_usd !== null ? h("span", { class: "price-usd" }, ` ≈ ${usd(match.price_usd)}`) : null),
      h("p", { class: "badges" }, l.platform ? platformBadge(l.platform) : null, h("span", { class: "badge" }, why), match.notified ? null : h("span", { class: "badge badge-ended", title: "recorded when the search was saved, without an alert" }, "not alerted")),
      h("p", { class: "facts" }, "matched ", time(match.matched_at)),
    ),
  );
}

function deliveriesTable(page) {
  if (!page.items.length) return empty("Nothing delivered yet: alerts and test alerts are logged here with every attempt.");
  return h(
    "table",
    { class: "compact deliveries" },
    h("caption", {}, "Each alert to each channel, newest first"),
    h("thead", {}, h("tr", {}, ["Created", "Kind", "Status", "Attempts", "Last answer", "Error"].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, page.items.map((d) =>
      h("tr", { dataset: { deliveryId: d.id, status: d.status } },
        h("td", {}, time(d.created_at)),
        h("td", {}, d.kind),
        h("td", {}, h("span", { class: `status status-${d.status}` }, d.status), d.next_attempt_at ? h("p", { class: "hint" }, `next try ${dateTime(d.next_attempt_at)}`) : null),
        h("td", { class: "num" }, number(d.attempts), d.log.length ? h("p", { class: "hint" }, d.log.map((a) => `${a.latency_ms} ms`).join(", ")) : null),
        h("td", {}, d.last_status_code ? `HTTP ${d.last_status_code}` : "–"),
        h("td", {}, d.last_error || ""),
      ))),
  );
}

function channelsBlock(search, ctx) {
  const status = h("p", { role: "status", class: "channel-status" });
  const reload = () => ctx.navigate(ctx.path, {}, { replaceState: true });
  const act = (what, call) => async () => {
    try {
      const answer = await call();
      if (answer && answer.secret) {
        replace(status, "New signing secret (shown only now: keep it): ", h("code", { class: "secret" }, answer.secret));
        return;
      }
      reload();
    } catch (error) {
      status.textContent = `${what}: ${error.message}`;
    }
  };
  const rows = search.channels.map((c) =>
    h("tr", { dataset: { channelId: c.id } },
      h("td", {}, c.type), h("td", {}, h("code", {}, c.target)),
      h("td", {}, h("span", { class: `status status-${c.status === "active" ? "active" : "paused"}` }, c.status), c.status_reason ? h("p", { class: "job-error" }, c.status_reason) : null),
      h("td", { class: "row-actions" },
        c.status === "paused" ? h("button", { type: "button", class: "secondary small", onclick: act("Not resumed", () => request(`${BASE}/${search.id}/channels/${c.id}/resume`, { method: "POST", auth: true })) }, "Resume") : null,
        c.type === "webhook" ? h("button", { type: "button", class: "secondary small", onclick: act("Not rotated", () => request(`${BASE}/${search.id}/channels/${c.id}/rotate-secret`, { method: "POST", auth: true })) }, "New secret") : null,
        h("button", { type: "button", class: "danger small", onclick: act("Not removed", () => request(`${BASE}/${search.id}/channels/${c.id}`, { method: "DELETE", auth: true })) }, "Remove", h("span", { class: "visually-hidden" }, ` ${c.target}`)),
      )));
  const add = h("form", { class: "inline-filters add-channel", "aria-label": "Add a channel" },
    select("type", "Channel", [["webhook", "Webhook"], ["apprise", "Apprise URL"]]),
    input("url", "URL", { placeholder: "https://example.com/hooks/indigo", required: true }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "secondary" }, "Add channel")),
    formError(),
  );
  add.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { type: add.elements.type.value, url: add.elements.url.value.trim() };
    try {
      const created = await request(`${BASE}/${search.id}/channels`, { method: "POST", body, auth: true });
      if (created.secret) replace(status, "Channel added. Its signing secret (shown only now: keep it): ", h("code", { class: "secret" }, created.secret));
      else reload();
    } catch (error) {
      showErrors(add, error);
    }
  });
  return h("section", { class: "panel", "aria-labelledby": "channels-title" },
    h("h2", { id: "channels-title" }, "Channels"),
    rows.length ? h("table", { class: "compact" }, h("caption", {}, "Where its alerts go"), h("thead", {}, h("tr", {}, ["Type", "Target", "State", ""].map((c) => h("th", { scope: "col" }, c)))), h("tbody", {}, rows)) : empty("No channel: matches are recorded, nothing is sent."),
    status, add);
}

async function detail(view, ctx) {
  const back = () => h("p", {}, h("a", { href: "#/alerts" }, "← Saved searches"));
  replace(view, back(), loading("Loading the saved search…"));
  let search, matches, deliveries;
  try {
    [search, matches, deliveries] = await Promise.all([get(`${BASE}/${ctx.id}`), get(`${BASE}/${ctx.id}/matches`, { limit: 24 }), get(`${BASE}/${ctx.id}/deliveries`, { limit: 50 })]);
  } catch (error) {
    if (!ctx.isCurrent()) return;
    ctx.title("Saved search");
    replace(view, back(), error.status === 404 ? empty("This saved search no longer exists.") : errorState(error, () => detail(view, ctx)));
    return;
  }
  if (!ctx.isCurrent()) return;
  ctx.title(search.name);
  const status = h("p", { class: "test-status", role: "status" });
  const testButton = h("button", { type: "button" }, "Send a test alert");
  testButton.addEventListener("click", async () => {
    testButton.disabled = true;
    status.textContent = "Sending a test alert…";
    try {
      const answer = await request(`${BASE}/${search.id}/test`, { method: "POST", auth: true });
      status.textContent = `Test alert: ${answer.delivered} of ${answer.attempts.length} channel${answer.attempts.length === 1 ? "" : "s"} delivered. ${answer.attempts.filter((a) => a.error).map((a) => a.error).join("; ")}`;
      replace(deliveriesSlot, loading("Loading the delivery log…"));
      replace(deliveriesSlot, deliveriesTable(await get(`${BASE}/${search.id}/deliveries`, { limit: 50 })));
    } catch (error) {
      status.textContent = `No test alert: ${error.message}`;
    } finally {
      testButton.disabled = false;
    }
  });
  const editing = h("div", {});
  const deliveriesSlot = h("div", {}, deliveriesTable(deliveries));
  replace(
    view,
    back(),
    h("h1", {}, search.name, search.active ? null : h("span", { class: "status status-paused" }, " paused")),
    h("p", {}, criteriaText(search)),
    h("p", { class: "muted" }, `Alerts on ${triggersText(search.triggers)}, ${search.delivery === "instant" ? "at once" : `in an ${search.delivery} digest`}.`),
    h("div", { class: "actions" },
      testButton,
      h("button", { type: "button", class: "secondary", onclick: () => replace(editing, searchForm(search, { onSaved: () => ctx.navigate(ctx.path, {}, { replaceState: true }), onCancel: () => replace(editing) })) }, "Edit"),
    ),
    status,
    editing,
    h("section", { class: "panel", "aria-labelledby": "matches-title" },
      h("h2", { id: "matches-title" }, `Matches (${number(matches.total)})`),
      matches.items.length ? h("ul", { class: "cards" }, matches.items.map(matchCard)) : empty(search.existing_matches_recorded ? "No listing matches yet: new ones are matched as they arrive." : "Looking for the listings that match now…"),
    ),
    channelsBlock(search, ctx),
    h("section", { class: "panel", "aria-labelledby": "deliveries-title" }, h("h2", { id: "deliveries-title" }, "Delivery log"), deliveriesSlot),
    h("details", { class: "panel" }, h("summary", {}, "API key"), apiKeyBox()),
  );
}

function searchesTable(searches, actions) {
  if (!searches.length) return empty("No saved search yet: create one below to hear about matching jeans as they are listed.");
  return h(
    "table",
    { class: "saved-searches" },
    h("caption", {}, "Your saved searches"),
    h("thead", {}, h("tr", {}, ["Name", "Looks for", "Matches", "Delivery", "State", ""].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, searches.map((s) =>
      h("tr", { dataset: { searchId: s.id, active: String(s.active) } },
        h("th", { scope: "row" }, h("a", { href: `#/alerts/${s.id}` }, s.name)),
        h("td", {}, criteriaText(s)),
        h("td", { class: "num" }, number(s.matches)),
        h("td", {}, s.delivery),
        h("td", {}, h("span", { class: `status status-${s.active ? "active" : "paused"}` }, s.active ? "active" : "paused")),
        h("td", { class: "row-actions" },
          h("button", { type: "button", class: "secondary small", onclick: () => actions.toggle(s) }, s.active ? "Pause" : "Resume", h("span", { class: "visually-hidden" }, ` ${s.name}`)),
          h("button", { type: "button", class: "danger small", onclick: () => actions.remove(s) }, "Delete", h("span", { class: "visually-hidden" }, ` ${s.name}`)),
        )))),
  );
}

async function list(view, ctx) {
  ctx.title("Alerts");
  const notice = h("div", { role: "status", class: "notice-slot" });
  const table = h("section", { class: "panel", "aria-labelledby": "searches-title" }, h("h2", { id: "searches-title" }, "Saved searches"), loading("Loading saved searches…"));
  const load = async () => {
    try {
      const page = await get(BASE, { limit: 200 });
      if (!ctx.isCurrent()) return;
      replace(table, h("h2", { id: "searches-title" }, "Saved searches"), searchesTable(page.items, actions));
    } catch (error) {
      if (!ctx.isCurrent()) return;
      replace(table, h("h2", { id: "searches-title" }, "Saved searches"), errorState(error, load));
    }
  };
  const act = async (what, call) => {
    try {
      await call();
      replace(notice, h("p", { class: "notice" }, what));
    } catch (error) {
      replace(notice, h("p", { class: "state state-error", role: "alert" }, error.message));
    }
    await load();
  };
  const actions = {
    toggle: (s) => act(s.active ? `Paused “${s.name}”.` : `Resumed “${s.name}”.`, () => request(`${BASE}/${s.id}/${s.active ? "pause" : "resume"}`, { method: "POST", auth: true })),
    remove: (s) => {
      if (window.confirm(`Delete the saved search “${s.name}”? Its alerts stop.`)) {
        act(`Deleted “${s.name}”.`, () => request(`${BASE}/${s.id}`, { method: "DELETE", auth: true }));
      }
    },
  };
  const formSlot = h("section", { class: "panel" });
  const created = (saved) => {
    const secrets = saved.channels.filter((c) => c.secret);
    replace(
      notice,
      h("div", { class: "notice" },
        h("p", {}, `Created “${saved.name}”. `, h("a", { href: `#/alerts/${saved.id}` }, "See its matches")),
        secrets.map((c) => h("p", {}, `Signing secret of ${c.target} (shown only now: keep it): `, h("code", { class: "secret" }, c.secret)))),
    );
    replace(formSlot, searchForm(null, { onSaved: created }));
    load();
  };
  replace(formSlot, searchForm(null, { onSaved: created }));
  replace(view, h("h1", {}, "Alerts"), h("section", { class: "panel", "aria-label": "API key" }, apiKeyBox()), notice, table, formSlot);
  await load();
}

export async function render(view, ctx) {
  let paths;
  try {
    paths = await apiPaths();
  } catch (error) {
    ctx.title("Alerts");
    replace(view, h("h1", {}, "Alerts"), errorState(error, () => render(view, ctx)));
    return;
  }
  if (!ctx.isCurrent()) return;
  if (!paths.has(BASE)) {
    ctx.title("Alerts");
    replace(view, h("h1", {}, "Alerts"), empty("Saved searches and alerts are not in this version of the Indigo API (it has no /api/marketplace/saved-searches): they come with the alerts service."));
    return;
  }
  await (ctx.id ? detail(view, ctx) : list(view, ctx));
}
