// Listings: every filter the API has, sort, pages, full-text search with its typo correction.
// Words alone are ranked by relevance (/listings/search); words with a filter or an order are
// the listings' filters with `keywords` (/listings), so that every filter narrows a search.
// The form's state is the URL's: submitting it (or changing a choice) writes the URL, and the
// results are drawn from the URL, so Back, Forward and a shared link give the same view.

import { API, get } from "../api.js";
import { empty, errorState, h, loading, money, number, photo, platformBadge, replace, usd } from "../dom.js";
import { formError, input, select, showErrors } from "../forms.js";

export const FILTERS = [
  "platform", "brand", "lot", "min_price", "max_price", "size", "waist", "inseam", "era", "wash",
  "made_in", "selvedge", "condition", "status", "min_deal_score",
];
const PAGE_SIZES = ["24", "48", "96"];
const WASHES = ["rigid", "dark", "medium", "light", "stonewash", "acid", "black"];
const CONDITIONS = ["deadstock", "excellent", "good", "fair", "distressed"];
const ERAS = ["1940s", "1950s", "1960s", "1970s", "1980s", "1990s", "2000s", "2010s"];
const any = [["", "Any"]];

function filterForm(params, searching) {
  const choose = (values) => [...any, ...values.map((v) => [v, v])];
  const fields = [
    select("platform", "Marketplace", [...any, ["ebay", "eBay"], ["etsy", "Etsy"], ["reddit", "Reddit"]], { value: params.platform }),
    input("brand", "Brand", { value: params.brand, placeholder: "Levi's", maxlength: 100 }),
    input("lot", "Lot", { value: params.lot, placeholder: "501", maxlength: 30 }),
    input("min_price", "Min price (USD)", { value: params.min_price, type: "number", min: 0, step: "any", inputmode: "decimal" }),
    input("max_price", "Max price (USD)", { value: params.max_price, type: "number", min: 0, step: "any", inputmode: "decimal" }),
    input("size", "Size", { value: params.size, placeholder: "32x30", maxlength: 20, hint: "waist, or waist x inseam" }),
    input("waist", "Waist (in)", { value: params.waist, type: "number", min: 20, max: 60, step: "any", inputmode: "decimal", hint: "instead of size" }),
    input("inseam", "Inseam (in)", { value: params.inseam, type: "number", min: 20, max: 44, step: "any", inputmode: "decimal", hint: "instead of size" }),
    select("era", "Era", choose(ERAS), { value: params.era }),
    select("wash", "Wash", choose(WASHES), { value: params.wash }),
    input("made_in", "Made in", { value: params.made_in, placeholder: "USA", maxlength: 50 }),
    select("selvedge", "Selvedge", [...any, ["true", "Selvedge"], ["false", "Not selvedge"]], { value: params.selvedge }),
    select("condition", "Condition", choose(CONDITIONS), { value: params.condition }),
    select("status", "Status", [...any, ["active", "On the market"], ["ended", "Ended"]], { value: params.status }),
    input("min_deal_score", "Min deal score (%)", { value: params.min_deal_score, type: "number", step: "any", min: -100, max: 100, hint: "% below comparable listings (-100..100)" }),
  ];
  const sort = [
    select(
      "sort",
      "Sort by",
      [...(searching ? [["relevance", "Relevance"]] : []), ["created_at", "Newest"], ["price", "Price (USD)"], ["deal_score", "Deal score"], ["trend_score", "Trend score"]],
      { value: params.sort || (searching ? "relevance" : "created_at") },
    ),
    select("sort_order", "Order", [["desc", "Descending"], ["asc", "Ascending"]], { value: params.sort_order || "desc" }),
    select("limit", "Per page", PAGE_SIZES.map((n) => [n, n]), { value: params.limit || "24" }),
  ];
  return { fields, sort };
}

function searchForm(params, ctx) {
  const form = h(
    "form",
    { class: "search", role: "search", "aria-label": "Search listings" },
    input("q", "Search", { value: params.q, type: "search", placeholder: "levis 501 selvedge", maxlength: 200, autocomplete: "off" }),
    h("button", { type: "submit" }, "Search"),
    params.q ? h("button", { type: "button", class: "secondary", onclick: () => ctx.navigate("/listings", { ...keep(params), q: "", offset: "" }) }, "Clear search") : null,
    formError(),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = form.elements.q.value.trim();
    ctx.navigate("/listings", { ...keep(params), q, offset: "" });
  });
  return form;
}

function keep(params) {
  const kept = {};
  for (const name of [...FILTERS, "sort", "sort_order", "limit", "q"]) if (params[name]) kept[name] = params[name];
  return kept;
}

export function card(item) {
  const attrs = item.attributes || {};
  const facts = [
    item.brand,
    attrs.model,
    item.size ? `size ${item.size}` : null,
    attrs.era,
    attrs.wash ? `${attrs.wash} wash` : null,
    attrs.made_in ? `made in ${attrs.made_in}` : null,
    attrs.selvedge ? "selvedge" : null,
    attrs.condition,
  ].filter(Boolean);
  const deal = item.deal && item.deal.score !== null && item.deal.score >= 10
    ? h("span", { class: "badge badge-deal", title: `${number(item.deal.score, 1)}% below the median of ${item.deal.comparables} comparable listings` }, `Deal −${number(item.deal.score, 0)}%`)
    : null;
  const foreign = item.currency && item.currency !== "USD" && item.price_usd !== null;
  return h(
    "li",
    { class: "card", dataset: { listingId: item.id } },
    photo(item.image_urls && item.image_urls[0], item.title, "thumb"),
    h(
      "div",
      { class: "card-body" },
      h("h3", { class: "card-title" }, h("a", { href: `#/listings/${item.id}` }, item.title)),
      h(
        "p",
        { class: "price" },
        h("span", { class: "price-main" }, money(item.price, item.currency)),
        foreign ? h("span", { class: "price-usd" }, ` ≈ ${usd(item.price_usd)}`) : null,
      ),
      h("p", { class: "badges" }, platformBadge(item.platform), deal, item.ended_at ? h("span", { class: "badge badge-ended" }, item.buying_format === "sold" ? "Sold" : "Ended") : null),
      facts.length ? h("p", { class: "facts" }, facts.join(" · ")) : null,
    ),
  );
}

function pager(page, params, ctx) {
  const limit = page.limit;
  const offset = page.offset;
  const last = offset + page.items.length;
  const go = (to) => ctx.navigate("/listings", { ...keep(params), offset: to || "" });
  const exact = page.total_exact === false ? "about " : "";
  return h(
    "nav",
    { class: "pager", "aria-label": "Pages" },
    h("button", { type: "button", class: "secondary", dataset: { focus: "previous" }, disabled: offset <= 0, onclick: () => go(Math.max(0, offset - limit)) }, "← Previous"),
    h("span", { class: "pager-status" }, page.items.length ? `${number(offset + 1)}–${number(last)} of ${exact}${number(page.total)}` : `0 of ${number(page.total)}`),
    h("button", { type: "button", class: "secondary", dataset: { focus: "next" }, disabled: last >= page.total, onclick: () => go(offset + limit) }, "Next →"),
  );
}

// The API gives stems ("levi"); a stem is shown as the results spell it ("Levi's") when a title
// of the page has a word starting with it.
// an all-capitals title ("LEVI'S 501") is passed over for one written as a name is.
function spelled(stem, titles) {
  const found = [];
  for (const title of titles) {
    for (const word of title.split(/[\s,;:()[\]/]+/)) {
      if (word.toLowerCase().startsWith(stem.toLowerCase())) found.push(word.replace(/[.!?]+$/, ""));
    }
  }
  return found.find((word) => word !== word.toUpperCase()) || found[0] || stem;
}

function correction(query, items) {
  if (!query || !query.corrected) return null;
  // Each word's group holds the word as stemmed, then the stems listings use that it was taken
  // for; the groups are put back in the order the words were typed.
  const typed = query.keywords.toLowerCase();
  const at = (group) => (typed.includes(group[0]) ? typed.indexOf(group[0]) : typed.length);
  const groups = [...query.terms].sort((a, b) => at(a) - at(b));
  const titles = items.slice(0, 10).map((item) => item.title);
  const words = groups.map((group) =>
    group.length > 1 ? group.slice(1).map((stem) => spelled(stem, titles)).join(" or ") : spelled(group[0], titles),
  );
  return h("p", { class: "correction", role: "status" }, "Showing results for ", h("strong", {}, words.join(" ")), ` (you searched for “${query.keywords}”)`);
}

export async function render(view, ctx) {
  const params = ctx.params;
  const searching = Boolean(params.q);
  ctx.title(searching ? `Search: ${params.q}` : "Listings");
  const search = searchForm(params, ctx);
  const { fields, sort } = filterForm(params, searching);
  // A search with nothing else is ranked by relevance; a filter or an order narrows it instead.
  const ranked = searching && !FILTERS.some((f) => f !== "platform" && params[f]) && (!params.sort || params.sort === "relevance") && !params.sort_order;
  const active = FILTERS.filter((f) => params[f]).length;
  // At phone width the filters fold away under one line (open while some are set is no help:
  // the results would start a screen down), and stay open on a wide screen.
  const wide = window.matchMedia("(min-width: 64rem)").matches;
  const filters = h(
    "form",
    { class: "filters", "aria-label": "Filters" },
    h("fieldset", {}, h("legend", {}, "Filters"), searching ? h("p", { class: "hint" }, ranked ? "Results are ranked by relevance; a filter or an order narrows them." : "The filters and order apply to the search's results.") : null, h("div", { class: "grid-fields" }, fields)),
    h("fieldset", {}, h("legend", {}, "Order"), h("div", { class: "grid-fields" }, sort)),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Apply filters"), h("button", { type: "button", class: "secondary", onclick: () => ctx.navigate("/listings", params.q ? { q: params.q } : {}) }, "Reset")),
    formError(),
  );
  const apply = () => {
    const values = {};
    for (const el of filters.elements) if (el.name && !el.disabled && el.value) values[el.name] = el.value.trim();
    if (values.sort === (searching ? "relevance" : "created_at")) delete values.sort;
    if (values.sort_order === "desc") delete values.sort_order;
    if (values.limit === "24") delete values.limit;
    ctx.navigate("/listings", { ...values, q: params.q || "" });
  };
  filters.addEventListener("submit", (event) => {
    event.preventDefault();
    apply();
  });
  filters.addEventListener("change", (event) => {
    if (event.target.tagName === "SELECT") apply();
  });
  const results = h("section", { class: "results", "aria-label": "Results" }, loading("Loading listings…"));
  replace(
    view,
    h("h1", {}, searching ? "Search results" : "Listings"),
    search,
    h(
      "div",
      { class: "listings-layout" },
      h(
        "aside",
        { class: "sidebar" },
        h("details", { class: "filters-fold", open: wide }, h("summary", {}, `Filters and order${active ? ` (${active} set)` : ""}`), filters),
      ),
      results,
    ),
  );

  const limit = Number(params.limit) || 24;
  const offset = Number(params.offset) || 0;
  let page;
  try {
    if (ranked) {
      page = await get(`${API}/listings/search/${encodeURIComponent(params.q)}`, { platform: params.platform, limit, offset: offset || "" });
    } else {
      const query = {};
      for (const name of FILTERS) query[name] = params[name];
      page = await get(`${API}/listings`, { ...query, keywords: params.q, sort: params.sort, sort_order: params.sort_order, limit, offset: offset || "" });
    }
  } catch (error) {
    if (!ctx.isCurrent()) return;
    if (error.status === 422) {
      // The field the API named gets the message; keywords belong to the search box.
      filters.closest("details").open = true;
      showErrors(filters, { ...error, fields: Object.fromEntries(Object.entries(error.fields).filter(([f]) => f !== "keywords")) });
      if (error.fields.keywords) showErrors(search, { fields: { q: error.fields.keywords } });
      replace(results, h("p", { class: "state state-error", role: "alert" }, "Fix the highlighted field to see listings."));
      return;
    }
    replace(results, errorState(error, () => ctx.navigate(ctx.path, params, { replaceState: true })));
    return;
  }
  if (!ctx.isCurrent()) return;
  const summary = h("p", { class: "result-count", role: "status" }, `${page.total_exact === false ? "About " : ""}${number(page.total)} listing${page.total === 1 ? "" : "s"}${searching ? ` for “${params.q}”` : ""}`);
  if (!page.items.length) {
    const filtered = FILTERS.some((f) => params[f]) || searching;
    replace(
      results,
      correction(page.query, page.items),
      summary,
      empty(
        filtered ? "No listing matches these filters." : "No listings yet: run a sync to collect some.",
        filtered ? h("a", { href: "#/listings" }, "Clear all filters") : h("a", { href: "#/syncs" }, "Go to Syncs"),
      ),
    );
    return;
  }
  replace(results, correction(page.query, page.items), summary, h("ul", { class: "cards" }, page.items.map(card)), pager(page, params, ctx));
}
