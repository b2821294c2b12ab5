// Alerts: saved searches (every criterion, triggers, delivery and channels): create, edit, pause
// and resume, delete; each one's matches and delivery log; a test alert.
//
// The shape of a saved search is the one issue 11 describes; SHAPE below is the one place that
// maps the form to the API's body and back.

import { API, apiPaths, get, request } from "../api.js";
import { apiKeyBox } from "../auth.js";
import { PLATFORM_NAMES, empty, errorState, h, loading, number, replace, time, usd } from "../dom.js";
import { checkbox, formError, input, select, showErrors } from "../forms.js";
import { card } from "./listings.js";

const BASE = `${API}/saved-searches`;
const PLATFORMS = ["ebay", "etsy", "reddit"];
const WASHES = ["rigid", "dark", "medium", "light", "stonewash", "acid", "black"];
const CONDITIONS = ["deadstock", "excellent", "good", "fair", "distressed"];
const TEXT = ["name", "keywords", "brand", "lot", "era", "made_in", "webhook_url", "apprise_url"];
const NUMBERS = ["min_price", "max_price", "waist", "inseam", "min_waist", "max_waist", "min_inseam", "max_inseam", "min_deal_score", "price_drop_pct", "target_price"];

// --- the API's shape ---------------------------------------------------------------------------

const SHAPE = {
  body(values) {
    const body = {};
    for (const name of TEXT) if (values[name]) body[name] = values[name];
    for (const name of NUMBERS) if (values[name] !== "" && values[name] !== undefined) body[name] = Number.isFinite(Number(values[name])) ? Number(values[name]) : values[name];
    for (const name of ["wash", "condition", "delivery"]) if (values[name]) body[name] = values[name];
    if (values.selvedge) body.selvedge = values.selvedge === "true";
    body.platforms = PLATFORMS.filter((p) => values[`platform_${p}`]);
    body.triggers = ["new", "price_drop", "back_on_market"].filter((t) => values[`trigger_${t}`]);
    body.channels = [
      values.webhook_url ? { type: "webhook", url: values.webhook_url } : null,
      values.apprise_url ? { type: "apprise", url: values.apprise_url } : null,
    ].filter(Boolean);
    delete body.webhook_url;
    delete body.apprise_url;
    return body;
  },
  values(search) {
    const values = { ...search, ...(search.criteria || {}) };
    for (const p of PLATFORMS) values[`platform_${p}`] = (values.platforms || []).includes(p);
    for (const t of ["new", "price_drop", "back_on_market"]) values[`trigger_${t}`] = (values.triggers || []).includes(t);
    const channels = search.channels || [];
    values.webhook_url = channels.find((c) => c.type === "webhook")?.url || "";
    values.apprise_url = channels.find((c) => c.type === "apprise")?.url || "";
    values.selvedge = values.selvedge === true ? "true" : values.selvedge === false ? "false" : "";
    return values;
  },
  paused: (search) => search.status === "paused" || search.active === false || search.paused === true,
};

// A 422 about channels[0].url names the channel's own field in the form.
const ALIASES = { url: "webhook_url", channels: "webhook_url", platforms: "platform_ebay", triggers: "trigger_new" };

// --- the form -----------------------------------------------------------------------------------

function searchForm(search, { onSaved, onCancel }) {
  const v = search ? SHAPE.values(search) : { trigger_new: true, delivery: "instant", platform_ebay: true, platform_etsy: true, platform_reddit: true };
  const opt = (values) => [["", "Any"], ...values.map((x) => [x, x])];
  const num = (name, label, attrs = {}) => input(name, label, { value: v[name] ?? "", type: "number", step: "any", inputmode: "decimal", ...attrs });
  const form = h(
    "form",
    { class: "saved-search-form", "aria-labelledby": "search-form-title" },
    h("h2", { id: "search-form-title" }, search ? `Edit “${search.name}”` : "New saved search"),
    h("fieldset", {}, h("legend", {}, "What to look for"),
      h("div", { class: "grid-fields" },
        input("name", "Name", { value: v.name, required: true, maxlength: 200, placeholder: "501s under $100" }),
        input("keywords", "Keywords", { value: v.keywords, maxlength: 200, placeholder: "levis 501", hint: "as the listings search: typos are forgiven" }),
        input("brand", "Brand", { value: v.brand, maxlength: 100 }),
        input("lot", "Lot", { value: v.lot, maxlength: 30 }),
        num("min_price", "Min price (USD)", { min: 0 }),
        num("max_price", "Max price (USD)", { min: 0 }),
        num("waist", "Waist", { hint: "exact; or a range below" }),
        num("min_waist", "Waist from"),
        num("max_waist", "Waist to"),
        num("inseam", "Inseam"),
        num("min_inseam", "Inseam from"),
        num("max_inseam", "Inseam to"),
        input("era", "Era", { value: v.era, maxlength: 10, placeholder: "1990s" }),
        select("wash", "Wash", opt(WASHES), { value: v.wash || "" }),
        input("made_in", "Made in", { value: v.made_in, maxlength: 50 }),
        select("selvedge", "Selvedge", [["", "Any"], ["true", "Selvedge"], ["false", "Not selvedge"]], { value: v.selvedge }),
        select("condition", "Condition", opt(CONDITIONS), { value: v.condition || "" }),
        num("min_deal_score", "Min deal score (%)"),
      ),
    ),
    h("fieldset", {}, h("legend", {}, "Marketplaces"), h("div", { class: "checks" }, PLATFORMS.map((p) => checkbox(`platform_${p}`, PLATFORM_NAMES[p], { checked: Boolean(v[`platform_${p}`]) })))),
    h("fieldset", {}, h("legend", {}, "Alert me when"),
      h("div", { class: "checks" },
        checkbox("trigger_new", "a new listing matches", { checked: Boolean(v.trigger_new) }),
        checkbox("trigger_price_drop", "a matched listing's price drops", { checked: Boolean(v.trigger_price_drop) }),
        checkbox("trigger_back_on_market", "a matched listing is back on the market", { checked: Boolean(v.trigger_back_on_market) }),
      ),
      h("div", { class: "grid-fields" }, num("price_drop_pct", "Drop of at least (%)", { min: 0, max: 100 }), num("target_price", "Or below (USD)", { min: 0 })),
    ),
    h("fieldset", {}, h("legend", {}, "Delivery"),
      h("div", { class: "grid-fields" },
        select("delivery", "When", [["instant", "At once"], ["hourly", "Hourly digest"], ["daily", "Daily digest"]], { value: v.delivery || "instant" }),
        input("webhook_url", "Webhook URL", { value: v.webhook_url, type: "url", placeholder: "https://example.com/hooks/indigo", hint: "signed per Standard Webhooks" }),
        input("apprise_url", "Chat or e-mail (Apprise URL)", { value: v.apprise_url, placeholder: "ntfy://indigo-alerts" }),
      ),
      search ? null : checkbox("notify_existing", "also alert for the listings that match now", { checked: false }),
    ),
    h("div", { class: "actions" }, h("button", { type: "submit" }, search ? "Save changes" : "Create saved search"), onCancel ? h("button", { type: "button", class: "secondary", onclick: onCancel }, "Cancel") : null),
    formError(),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = {};
    for (const el of form.elements) if (el.name) values[el.name] = el.type === "checkbox" ? el.checked : el.value.trim();
    const body = SHAPE.body(values);
    if (!search && values.notify_existing) body.notify_existing = true;
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const saved = search
        ? await request(`${BASE}/${search.id}`, { method: "PATCH", body, auth: true })
        : await request(BASE, { method: "POST", body, auth: true });
      onSaved(saved);
    } catch (error) {
      showErrors(form, error, ALIASES);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

// --- the list and one search ----------------------------------------------------------------

function criteria(search) {
  const v = SHAPE.values(search);
  const parts = [
    v.keywords && `“${v.keywords}”`, v.brand, v.lot,
    v.min_price !== undefined && v.min_price !== null && `from ${usd(v.min_price)}`,
    v.max_price !== undefined && v.max_price !== null && `up to ${usd(v.max_price)}`,
    v.waist && `waist ${v.waist}`, v.inseam && `inseam ${v.inseam}`, v.era, v.wash && `${v.wash} wash`,
    v.made_in && `made in ${v.made_in}`, v.selvedge === "true" && "selvedge", v.condition,
    v.min_deal_score !== undefined && v.min_deal_score !== null && `deal ≥ ${v.min_deal_score}%`,
  ].filter(Boolean);
  const platforms = (v.platforms || []).map((p) => PLATFORM_NAMES[p]).join(", ") || "every marketplace";
  return `${parts.join(" · ") || "everything"} on ${platforms}`;
}

function searchesTable(searches, actions) {
  if (!searches.length) return empty("No saved search yet: create one below to hear about matching jeans as they are listed.");
  return h(
    "table",
    { class: "saved-searches" },
    h("caption", {}, "Your saved searches"),
    h("thead", {}, h("tr", {}, ["Name", "Looks for", "Delivery", "State", ""].map((c) => h("th", { scope: "col" }, c)))),
    h(
      "tbody",
      {},
      searches.map((s) => {
        const paused = SHAPE.paused(s);
        return h(
          "tr",
          { dataset: { searchId: s.id } },
          h("th", { scope: "row" }, h("a", { href: `#/alerts/${s.id}` }, s.name)),
          h("td", {}, criteria(s)),
          h("td", {}, s.delivery || "instant"),
          h("td", {}, h("span", { class: `status status-${paused ? "paused" : "active"}` }, paused ? "paused" : "active"), s.paused_reason ? h("p", { class: "job-error" }, s.paused_reason) : null),
          h(
            "td",
            { class: "row-actions" },
            h("button", { type: "button", class: "secondary small", onclick: () => actions.toggle(s) }, paused ? `Resume` : `Pause`, h("span", { class: "visually-hidden" }, ` ${s.name}`)),
            h("button", { type: "button", class: "danger small", onclick: () => actions.remove(s) }, "Delete", h("span", { class: "visually-hidden" }, ` ${s.name}`)),
          ),
        );
      }),
    ),
  );
}

function deliveriesTable(page) {
  const items = page.items || [];
  if (!items.length) return empty("Nothing delivered yet.");
  return h(
    "table",
    { class: "compact deliveries" },
    h("caption", {}, "Every delivery attempt"),
    h("thead", {}, h("tr", {}, ["When", "Channel", "Status", "Latency", "Error"].map((c) => h("th", { scope: "col" }, c)))),
    h(
      "tbody",
      {},
      items.map((d) =>
        h(
          "tr",
          {},
          h("td", {}, time(d.attempted_at || d.created_at)),
          h("td", {}, d.channel?.type || d.channel_type || d.channel || "–"),
          h("td", {}, h("span", { class: `status status-${d.status}` }, d.status), d.http_status ? ` (HTTP ${d.http_status})` : ""),
          h("td", { class: "num" }, d.latency_ms === null || d.latency_ms === undefined ? "–" : `${number(d.latency_ms)} ms`),
          h("td", {}, d.error || ""),
        ),
      ),
    ),
  );
}

async function detail(view, ctx) {
  replace(view, h("p", {}, h("a", { href: "#/alerts" }, "← Saved searches")), loading("Loading the saved search…"));
  let search, matches, deliveries;
  try {
    [search, matches, deliveries] = await Promise.all([get(`${BASE}/${ctx.id}`), get(`${BASE}/${ctx.id}/matches`, { limit: 24 }), get(`${BASE}/${ctx.id}/deliveries`, { limit: 50 })]);
  } catch (error) {
    if (!ctx.isCurrent()) return;
    ctx.title("Saved search");
    replace(view, h("p", {}, h("a", { href: "#/alerts" }, "← Saved searches")), error.status === 404 ? empty("This saved search no longer exists.") : errorState(error, () => detail(view, ctx)));
    return;
  }
  if (!ctx.isCurrent()) return;
  ctx.title(search.name);
  const status = h("p", { class: "test-status", role: "status" });
  const sendTest = async (event) => {
    event.currentTarget.disabled = true;
    status.textContent = "Sending a test alert…";
    try {
      await request(`${BASE}/${search.id}/test`, { method: "POST", auth: true });
      status.textContent = "Test alert sent: see the delivery log below.";
      ctx.navigate(ctx.path, ctx.params, { replaceState: true });
    } catch (error) {
      status.textContent = `No test alert: ${error.message}`;
    } finally {
      event.currentTarget && (event.currentTarget.disabled = false);
    }
  };
  const editing = h("div", {});
  const matchItems = matches.items || [];
  replace(
    view,
    h("p", {}, h("a", { href: "#/alerts" }, "← Saved searches")),
    h("h1", {}, search.name),
    h("p", {}, criteria(search)),
    h("div", { class: "actions" },
      h("button", { type: "button", onclick: sendTest }, "Send a test alert"),
      h("button", { type: "button", class: "secondary", onclick: () => replace(editing, searchForm(search, { onSaved: () => ctx.navigate(ctx.path, {}, { replaceState: true }), onCancel: () => replace(editing) })) }, "Edit"),
    ),
    status,
    editing,
    h("section", { class: "panel", "aria-labelledby": "matches-title" },
      h("h2", { id: "matches-title" }, `Matches (${number(matches.total ?? matchItems.length)})`),
      matchItems.length ? h("ul", { class: "cards" }, matchItems.map((m) => card(m.listing || m))) : empty("No listing matches yet: new ones are matched as they arrive."),
    ),
    h("section", { class: "panel", "aria-labelledby": "deliveries-title" }, h("h2", { id: "deliveries-title" }, "Delivery log"), deliveriesTable(deliveries)),
    h("details", { class: "panel" }, h("summary", {}, "API key"), apiKeyBox()),
  );
}

async function list(view, ctx) {
  ctx.title("Alerts");
  const notice = h("div", { role: "status", class: "notice-slot" });
  const table = h("section", { class: "panel", "aria-labelledby": "searches-title" }, h("h2", { id: "searches-title" }, "Saved searches"), loading("Loading saved searches…"));
  const load = async () => {
    try {
      const page = await get(BASE, { limit: 100 });
      if (!ctx.isCurrent()) return;
      replace(table, h("h2", { id: "searches-title" }, "Saved searches"), searchesTable(page.items || [], actions));
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
    toggle: (s) => act(SHAPE.paused(s) ? `Resumed “${s.name}”.` : `Paused “${s.name}”.`, () => request(`${BASE}/${s.id}/${SHAPE.paused(s) ? "resume" : "pause"}`, { method: "POST", auth: true })),
    remove: (s) => {
      if (!window.confirm(`Delete the saved search “${s.name}”? Its alerts stop.`)) return;
      act(`Deleted “${s.name}”.`, () => request(`${BASE}/${s.id}`, { method: "DELETE", auth: true }));
    },
  };
  const created = (saved) => {
    const secret = saved.signing_secret || saved.webhook_secret || saved.secret;
    replace(
      notice,
      h("div", { class: "notice" },
        h("p", {}, `Created “${saved.name}”. `, h("a", { href: `#/alerts/${saved.id}` }, "See its matches")),
        secret ? h("p", {}, "Webhook signing secret (shown only now: keep it): ", h("code", { class: "secret" }, secret)) : null),
    );
    formSlot.replaceChildren(searchForm(null, { onSaved: created }));
    load();
  };
  const formSlot = h("section", { class: "panel" }, searchForm(null, { onSaved: created }));
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
    replace(view, h("h1", {}, "Alerts"), empty("This Indigo API has no saved searches yet (no /api/marketplace/saved-searches endpoint): alerts arrive with the alerts service."));
    return;
  }
  return ctx.id ? detail(view, ctx) : list(view, ctx);
}

