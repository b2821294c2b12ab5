// One listing: photos, every attribute with its confidence and where it came from, the price
// history chart with its drops, lifecycle, deal score, the marketplace link, the raw payload on
// demand, and a re-analysis through the LLM.

import { API, get, request } from "../api.js";
import { apiKeyBox } from "../auth.js";
import { priceHistoryChart } from "../charts.js";
import { dateTime, duration, errorState, externalLink, h, loading, money, number, photo, platformBadge, replace, usd } from "../dom.js";

const ATTRIBUTES = [
  ["brand", "Brand"], ["model", "Lot"], ["waist", "Waist (tag)"], ["inseam", "Inseam (tag)"],
  ["measured_waist", "Waist (measured)"], ["measured_inseam", "Inseam (measured)"], ["era", "Era"],
  ["wash", "Wash"], ["made_in", "Made in"], ["selvedge", "Selvedge"], ["condition", "Condition"],
  ["flaws", "Flaws"], ["style", "Style"], ["gender", "Gender"], ["tags", "Tags"],
];
const METHODS = { rules: "rules", llm: "LLM", "rules+llm": "rules + LLM" };

function shown(value) {
  if (value === null || value === undefined || (Array.isArray(value) && !value.length)) return null;
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return `${number(value, 1)}″`;
  return String(value);
}

function attributesTable(listing) {
  const attrs = { ...listing.attributes, brand: listing.brand };
  const enrichment = listing.enrichment || {};
  const confidence = enrichment.confidence || {};
  const method = METHODS[enrichment.method] || enrichment.method || "rules";
  const source = enrichment.model && enrichment.method !== "rules" ? `${method} (${enrichment.model})` : method;
  const rows = ATTRIBUTES.map(([name, label]) => {
    const value = shown(attrs[name]);
    const sure = confidence[name];
    return h(
      "tr",
      { dataset: { attribute: name } },
      h("th", { scope: "row" }, label),
      h("td", {}, value ?? h("span", { class: "muted" }, "unknown")),
      h("td", {}, value === null || sure === undefined ? "–" : h("meter", { min: 0, max: 1, value: sure, title: `${Math.round(sure * 100)}%` }), value === null || sure === undefined ? null : ` ${Math.round(sure * 100)}%`),
      h("td", {}, value === null ? "–" : name === "brand" && sure === undefined ? "marketplace" : source),
    );
  });
  return h(
    "table",
    { class: "attributes" },
    h("caption", {}, "What Indigo read from the listing"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Attribute"), h("th", { scope: "col" }, "Value"), h("th", { scope: "col" }, "Confidence"), h("th", { scope: "col" }, "Source"))),
    h("tbody", {}, rows),
  );
}

function facts(pairs) {
  return h("dl", { class: "facts-list" }, pairs.filter(([, v]) => v !== null && v !== undefined).flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

const DEAL_REASONS = {
  too_few_comparables: (deal) => `Too few comparable listings for a deal score (${deal.comparables} found${groupText(deal.group)}).`,
  no_lot: () => "No deal score: the brand or lot is unknown, so nothing compares with it.",
  no_price: () => "No deal score: the listing has no USD price.",
  ended: () => "No deal score: the listing has ended.",
  pending: () => "No deal score yet: Indigo has not compared this listing.",
};

function groupText(group) {
  if (!group) return "";
  const shown = {
    lot: group.lot,
    condition: group.condition,
    era: group.matched_on.includes("decade") && group.decade ? null : group.era || "era unknown",
    decade: group.decade,
    big_e: group.big_e ? "Big E" : null,
    selvedge: group.selvedge ? "selvedge" : null,
    made_in: group.made_in ? `made in ${group.made_in}` : null,
    size: group.size,
  };
  return ` among ${group.matched_on.map((f) => shown[f]).filter((p) => p).join(", ")}`;
}

function dealBlock(deal) {
  if (!deal || deal.score === null) {
    const reason = DEAL_REASONS[deal ? deal.reason : "pending"] || DEAL_REASONS.pending;
    return h("p", { class: "muted" }, reason(deal || {}));
  }
  const below = deal.score >= 0;
  return h(
    "div",
    { class: `deal ${deal.score >= 10 ? "is-deal" : ""}` },
    h("p", { class: "deal-score" }, below ? `${number(deal.score, 1)}% below` : `${number(-deal.score, 1)}% above`, " the market"),
    h("p", {}, `Median of ${number(deal.comparables)} comparable live listings${groupText(deal.group)}: ${usd(deal.comparable_median_usd)}`),
  );
}

function rawPayload(listing) {
  const details = h("details", { class: "raw" }, h("summary", {}, "Raw marketplace payload"));
  // Drawn when opened: a payload can be large.
  details.addEventListener("toggle", () => {
    if (details.open && details.children.length === 1) {
      details.append(h("pre", { tabindex: "0" }, JSON.stringify(listing.raw_data, null, 2)));
    }
  });
  return details;
}

function analysis(listing, ctx) {
  const status = h("p", { class: "analysis-status", role: "status" });
  const button = h("button", { type: "button" }, "Analyze with LLM");
  const poll = async (job) => {
    while (ctx.isCurrent() && (job.status === "pending" || job.status === "running")) {
      status.textContent = `Analysis ${job.status}…`;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      job = await get(`${API}/analyze/jobs/${job.job_id}`);
    }
    if (!ctx.isCurrent()) return;
    if (job.status === "completed") {
      status.textContent = `Analysis completed${job.enrichment?.tokens_used ? ` (${number(job.enrichment.tokens_used)} tokens)` : ""}: reloading the listing.`;
      ctx.navigate(ctx.path, ctx.params, { replaceState: true });
    } else {
      status.textContent = `Analysis failed: ${job.error || "no reason given"}`;
    }
  };
  button.addEventListener("click", async () => {
    button.disabled = true;
    status.textContent = "Asking for an analysis…";
    try {
      const job = await request(`${API}/analyze/${listing.id}`, { method: "POST", auth: true });
      await poll(job);
    } catch (error) {
      status.textContent = error.status === 503 ? `No analysis: ${error.message}` : error.message;
    } finally {
      button.disabled = false;
    }
  });
  return h("section", { class: "panel", "aria-labelledby": "analysis-title" }, h("h2", { id: "analysis-title" }, "Analysis"), listing.enrichment?.summary ? h("p", { class: "summary" }, listing.enrichment.summary) : null, button, status, h("details", {}, h("summary", {}, "API key"), apiKeyBox()));
}

export async function render(view, ctx) {
  replace(view, h("p", {}, h("a", { href: "#/listings" }, "← Listings")), loading("Loading the listing…"));
  let listing, history;
  try {
    [listing, history] = await Promise.all([get(`${API}/listings/${ctx.id}`), get(`${API}/listings/${ctx.id}/history`)]);
  } catch (error) {
    if (!ctx.isCurrent()) return;
    ctx.title("Listing");
    const message = error.status === 404 ? "This listing is not in Indigo (it may have been removed)." : null;
    replace(view, h("p", {}, h("a", { href: "#/listings" }, "← Listings")), h("h1", {}, "Listing"), message ? h("div", { class: "state state-empty", role: "alert" }, h("p", {}, message)) : errorState(error, () => render(view, ctx)));
    return;
  }
  if (!ctx.isCurrent()) return;
  ctx.title(listing.title);
  const life = history.lifecycle;
  const foreign = listing.currency && listing.currency !== "USD" && listing.price_usd !== null;
  const chart = history.price_history.length ? priceHistoryChart(history, listing.currency) : null;
  const photos = listing.image_urls.length
    ? h("ul", { class: "gallery", "aria-label": "Photos" }, listing.image_urls.map((url, i) => h("li", {}, photo(url, `${listing.title}, photo ${i + 1} of ${listing.image_urls.length}`, "gallery-photo"))))
    : h("p", { class: "muted" }, "The marketplace gave no photo.");
  replace(
    view,
    h("p", {}, h("a", { href: "#/listings" }, "← Listings")),
    h("article", { class: "listing" },
      h("header", { class: "listing-head" },
        h("h1", {}, listing.title),
        h("p", { class: "badges" }, platformBadge(listing.platform), life.status === "ended" ? h("span", { class: "badge badge-ended" }, listing.buying_format === "sold" ? "Sold" : "Ended") : h("span", { class: "badge badge-active" }, "On the market")),
        h("p", { class: "price price-large" }, money(listing.price, listing.currency), foreign ? h("span", { class: "price-usd" }, ` ≈ ${usd(listing.price_usd)}`) : null, listing.shipping_cost === null ? null : h("span", { class: "muted" }, Number(listing.shipping_cost) === 0 ? " + free shipping" : ` + ${money(listing.shipping_cost, listing.currency)} shipping`)),
        h("p", {}, externalLink(listing.url, `View on ${platformBadge(listing.platform).textContent} ↗`)),
      ),
      photos,
      h("div", { class: "listing-columns" },
        h("section", { class: "panel", "aria-labelledby": "prices-title" },
          h("h2", { id: "prices-title" }, "Price history"),
          h("p", {}, `${history.price_history.length} price${history.price_history.length === 1 ? "" : "s"} seen, ${history.drops} drop${history.drops === 1 ? "" : "s"}, ${history.rises} rise${history.rises === 1 ? "" : "s"}`, history.total_change_pct !== null && history.price_history.length > 1 ? ` (${history.total_change_pct > 0 ? "+" : ""}${number(history.total_change_pct, 1)}% since first seen)` : ""),
          chart ? chart.element : h("p", { class: "state state-empty" }, "No price was ever stated for this listing."),
        ),
        h("section", { class: "panel", "aria-labelledby": "deal-title" }, h("h2", { id: "deal-title" }, "Deal score"), dealBlock(listing.deal)),
        h("section", { class: "panel", "aria-labelledby": "life-title" },
          h("h2", { id: "life-title" }, "Lifecycle"),
          facts([
            ["Listed", life.listed_at ? dateTime(life.listed_at) : "not stated by the marketplace"],
            ["First seen", dateTime(life.first_seen_at)],
            ["Last seen", dateTime(life.last_seen_at)],
            ["Ended", life.ended_at ? dateTime(life.ended_at) : "still on the market"],
            ["Days on market", number(life.days_on_market, 1)],
          ]),
        ),
        h("section", { class: "panel", "aria-labelledby": "seller-title" },
          h("h2", { id: "seller-title" }, "Listing"),
          facts([
            ["Marketplace condition", listing.platform_condition ?? listing.condition],
            ["Size as listed", listing.size],
            ["Seller", listing.seller_username],
            ["Ships from", listing.location],
            ["Format", listing.buying_format],
            ["Trend score", listing.trend_score === null ? null : number(listing.trend_score, 1)],
            ["Engagement", Object.entries(listing.engagement || {}).map(([k, v]) => `${k}: ${v}`).join(", ") || null],
            ["Collected", duration((Date.now() - new Date(listing.created_at).getTime()) / 1000) + " ago"],
          ]),
        ),
      ),
      h("section", { class: "panel", "aria-labelledby": "attrs-title" }, h("h2", { id: "attrs-title" }, "Attributes"), attributesTable(listing)),
      listing.description ? h("section", { class: "panel" }, h("h2", {}, "Description"), h("p", { class: "description" }, listing.description)) : null,
      analysis(listing, ctx),
      h("section", { class: "panel" }, rawPayload(listing)),
    ),
  );
  if (chart) ctx.onLeave(chart.draw());
}
