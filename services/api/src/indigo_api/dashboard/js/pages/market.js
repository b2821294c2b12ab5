// The market: the median USD price day by day with its p25–p75 band and the listings on the
// market as bars, for the whole market or one brand, lot or size, on one marketplace or all;
// summary figures, the top brands with their price change, and the trends service's insights.

import { API, get } from "../api.js";
import { marketChart } from "../charts.js";
import { PLATFORM_NAMES, day, empty, errorState, h, loading, number, percent, replace, usd } from "../dom.js";
import { select } from "../forms.js";

const GROUPINGS = [["all", "Whole market"], ["brand", "Brand"], ["lot", "Lot"], ["size", "Size"]];
const DAYS = ["7", "30", "90"];

function controls(params, keys, ctx) {
  const form = h(
    "form",
    { class: "market-controls", "aria-label": "Market view" },
    select("platform", "Marketplace", ["all", "ebay", "etsy", "reddit"].map((p) => [p, PLATFORM_NAMES[p]]), { value: params.platform || "all" }),
    select("category", "Group by", GROUPINGS, { value: params.category || "all" }),
    params.category && params.category !== "all"
      ? select("key", GROUPINGS.find(([v]) => v === params.category)?.[1] || "Group", keys.map((k) => [k, k]), { value: params.key || keys[0] || "", disabled: !keys.length })
      : null,
    select("days", "Window", DAYS.map((d) => [d, `${d} days`]), { value: params.days || "30" }),
  );
  form.addEventListener("change", (event) => {
    const values = Object.fromEntries(new FormData(form));
    if (event.target.name !== "key") delete values.key; // a new grouping or window: its busiest group
    if (values.category === "all") delete values.key;
    ctx.navigate("/market", values);
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  return form;
}

function figure(label, value, note) {
  return h("div", { class: "figure" }, h("p", { class: "figure-label" }, label), h("p", { class: "figure-value" }, value), note ? h("p", { class: "figure-note" }, note) : null);
}

function summaryBlock(summary) {
  const t = summary.totals;
  const range = summary.price_range;
  return h(
    "section",
    { class: "panel", "aria-labelledby": "summary-title" },
    h("h2", { id: "summary-title" }, `The last ${summary.days} days${summary.platform && summary.platform !== "all" ? ` · ${PLATFORM_NAMES[summary.platform]}` : ""}`, h("span", { class: "muted" }, ` (${day(summary.first_day)} – ${day(summary.last_day)})`)),
    h(
      "div",
      { class: "figures-row" },
      figure("Listings", number(t.listings), `${number(t.active_listings)} on the market now`),
      figure("New", number(t.new_listings)),
      figure("Ended", number(t.ended_listings)),
      figure("Median price", summary.median_price_usd === null ? "–" : usd(summary.median_price_usd), summary.median_change_pct === null ? null : `${percent(summary.median_change_pct)} over the window`),
      figure("Average price", summary.average_price_usd === null ? "–" : usd(summary.average_price_usd)),
      figure("Middle half", range.p25 === null ? "–" : `${usd(range.p25)} – ${usd(range.p75)}`, range.min === null ? null : `from ${usd(range.min)} to ${usd(range.max)}`),
    ),
    summary.platforms.length
      ? h(
          "table",
          { class: "compact" },
          h("caption", {}, "By marketplace"),
          h("thead", {}, h("tr", {}, ["Marketplace", "Listings", "On the market", "New", "Ended", "Median"].map((c) => h("th", { scope: "col" }, c)))),
          h("tbody", {}, summary.platforms.map((p) => h("tr", {}, h("th", { scope: "row" }, PLATFORM_NAMES[p.platform] || p.platform), h("td", {}, number(p.listings)), h("td", {}, number(p.active_listings)), h("td", {}, number(p.new_listings)), h("td", {}, number(p.ended_listings)), h("td", {}, p.median_price_usd === null ? "–" : usd(p.median_price_usd))))),
        )
      : null,
  );
}

function brandsTable(page) {
  if (!page.items.length) return empty("No brand has listings in this window.");
  return h(
    "table",
    { class: "brands" },
    h("caption", {}, "Top brands by listings"),
    h("thead", {}, h("tr", {}, ["Brand", "Listings", "On the market", "New", "Median", "Change"].map((c) => h("th", { scope: "col" }, c)))),
    h(
      "tbody",
      {},
      page.items.map((b) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, h("a", { href: `#/listings?brand=${encodeURIComponent(b.brand)}` }, b.brand)),
          h("td", {}, number(b.listings)),
          h("td", {}, number(b.active_listings)),
          h("td", {}, number(b.new_listings)),
          h("td", {}, b.median_price_usd === null ? "–" : usd(b.median_price_usd)),
          h("td", { class: b.median_change_pct > 0 ? "up" : b.median_change_pct < 0 ? "down" : "" }, percent(b.median_change_pct)),
        ),
      ),
    ),
  );
}

function insightsBlock(insights) {
  const items = [];
  if (typeof insights.summary === "string") items.push(h("p", { class: "summary" }, insights.summary));
  const list = (title, rows, line) => (rows && rows.length ? [h("h3", {}, title), h("ul", {}, rows.map((r) => h("li", {}, line(r))))] : []);
  items.push(
    ...list("Price movers", insights.price_movers, (r) => `${r.key} (${r.category}): median ${usd(r.median_price_usd)}, ${percent(r.change_pct)} since ${day(r.since)}`),
    ...list("Rising brands", insights.rising_brands, (r) => `${r.brand}: ${number(r.new_listings)} new listings${r.growth_pct === null ? "" : ` (${percent(r.growth_pct)})`}`),
    ...list("Volume spikes", insights.volume_spikes, (r) => `${r.key} (${r.category}): ${number(r.new_listings)} new, against ${number(r.daily_average, 1)} a day`),
  );
  return h(
    "section",
    { class: "panel", "aria-labelledby": "insights-title" },
    h("h2", { id: "insights-title" }, "Insights"),
    items.length ? items : h("p", { class: "muted" }, "No insight in this window yet: they need a few days of history."),
  );
}

export async function render(view, ctx) {
  const params = ctx.params;
  const platform = params.platform || "all";
  const category = params.category || "all";
  const days = params.days || "30";
  ctx.title("Market");
  replace(view, h("h1", {}, "Market"), loading("Loading the market…"));
  let keys = [];
  let summary, brands, rows;
  try {
    const common = { platform, days };
    if (category !== "all") {
      // The newest day's groups come first, busiest first: the choice of keys, and the default.
      const groups = await get(`${API}/trends`, { ...common, category, limit: 200 });
      keys = [...new Set(groups.items.map((r) => r.key))];
    }
    const key = category === "all" ? "all" : params.key || keys[0];
    [summary, brands, rows] = await Promise.all([
      get(`${API}/trends/summary`, common),
      get(`${API}/trends/brands`, { ...common, limit: 10 }),
      key ? get(`${API}/trends`, { ...common, category, key, limit: 200 }) : Promise.resolve({ items: [] }),
    ]);
    if (!ctx.isCurrent()) return;
    const title = `${category === "all" ? "Whole market" : key || "–"} · ${PLATFORM_NAMES[platform]}`;
    const chart = rows.items.length ? marketChart(rows.items, title) : null;
    replace(
      view,
      h("h1", {}, "Market"),
      controls(params, keys, ctx),
      h(
        "section",
        { class: "panel", "aria-labelledby": "chart-title" },
        h("h2", { id: "chart-title" }, title),
        chart ? chart.element : empty(category === "all" ? "No market figures in this window yet: the trends service writes them as listings arrive." : `No ${category} figures in this window yet.`),
      ),
      summaryBlock(summary),
      h("div", { class: "two-columns" }, h("section", { class: "panel", "aria-labelledby": "brands-title" }, h("h2", { id: "brands-title" }, "Top brands"), brandsTable(brands)), insightsBlock(summary.insights || {})),
    );
    if (chart) ctx.onLeave(chart.draw());
  } catch (error) {
    if (!ctx.isCurrent()) return;
    replace(view, h("h1", {}, "Market"), controls(params, keys, ctx), errorState(error, () => ctx.navigate("/market", params, { replaceState: true })));
  }
}
