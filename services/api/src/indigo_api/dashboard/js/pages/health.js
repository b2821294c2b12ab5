// Health: what /stats says (dependencies, listings and last sync per marketplace, each durable
// consumer's lag and dead letters, LLM tokens and cost), refreshed every few seconds.

import { API, get } from "../api.js";
import { duration, errorState, h, loading, money, number, platformBadge, replace, time } from "../dom.js";

const REFRESH_MS = 5000;

// One row per (consumer, stream). The API lists each durable with its streams; an API older than
// issue 9 listed flat (stream, consumer) pairs, which read the same way here.
export function consumerRows(stats) {
  return (stats.consumers || []).flatMap((c) =>
    c.streams
      ? c.streams.map((s) => ({ consumer: c.consumer, dead_letters: c.dead_letters, ...s }))
      : [{ present: true, dead_letters: null, ...c }],
  );
}

function dependency(name, state) {
  const ok = state === "ok";
  return h("div", { class: `figure ${ok ? "is-ok" : "is-down"}` }, h("p", { class: "figure-label" }, name), h("p", { class: "figure-value" }, ok ? "OK" : state === "error" ? "unavailable" : state));
}

function view(stats, updated) {
  const llm = stats.llm;
  const rows = consumerRows(stats);
  return [
    h("p", { class: "muted" }, "Updated ", time(updated.toISOString()), ` · refreshes every ${REFRESH_MS / 1000} s`),
    h(
      "section",
      { class: "panel", "aria-labelledby": "deps-title" },
      h("h2", { id: "deps-title" }, "Dependencies"),
      h(
        "div",
        { class: "figures-row" },
        stats.status ? h("div", { class: `figure ${stats.status === "ok" ? "is-ok" : "is-down"}` }, h("p", { class: "figure-label" }, "Status"), h("p", { class: "figure-value" }, stats.status)) : null,
        dependency("PostgreSQL", stats.database),
        dependency("NATS", stats.nats),
        stats.version ? h("div", { class: "figure" }, h("p", { class: "figure-label" }, "Version"), h("p", { class: "figure-value" }, stats.version)) : null,
        stats.uptime_seconds !== undefined ? h("div", { class: "figure" }, h("p", { class: "figure-label" }, "Up for"), h("p", { class: "figure-value" }, duration(stats.uptime_seconds))) : null,
        h("div", { class: "figure" }, h("p", { class: "figure-label" }, "Dead letters"), h("p", { class: `figure-value ${stats.dead_letters ? "has-errors" : ""}` }, stats.dead_letters === null ? "unknown" : number(stats.dead_letters))),
      ),
    ),
    h(
      "section",
      { class: "panel", "aria-labelledby": "platforms-title" },
      h("h2", { id: "platforms-title" }, `Listings: ${stats.total_listings === null ? "unknown" : number(stats.total_listings)}`),
      h(
        "table",
        { class: "compact" },
        h("caption", {}, "Per marketplace, with its last sync"),
        h("thead", {}, h("tr", {}, ["Marketplace", "Listings", "Last sync", "Status", "Fetched", "Errors", "Finished"].map((c) => h("th", { scope: "col" }, c)))),
        h(
          "tbody",
          {},
          stats.platforms.map((p) => {
            const job = p.last_sync;
            return h(
              "tr",
              { dataset: { platform: p.platform } },
              h("th", { scope: "row" }, platformBadge(p.platform)),
              h("td", { class: "num" }, p.listings === null ? "unknown" : number(p.listings)),
              h("td", {}, job ? job.keywords || "–" : "never synced"),
              h("td", {}, job ? h("span", { class: `status status-${job.status}` }, job.status) : "–"),
              h("td", { class: "num" }, job ? number(job.counts.fetched) : "–"),
              h("td", { class: "num" }, job ? number(job.counts.errors) : "–"),
              h("td", {}, job && job.finished_at ? time(job.finished_at) : "–"),
            );
          }),
        ),
      ),
    ),
    h(
      "section",
      { class: "panel", "aria-labelledby": "consumers-title" },
      h("h2", { id: "consumers-title" }, "Consumers"),
      rows.length
        ? h(
            "table",
            { class: "compact consumers" },
            h("caption", {}, "Messages each durable consumer has still to process"),
            h("thead", {}, h("tr", {}, ["Consumer", "Stream", "Pending", "Being processed", "Redelivered", "Dead letters"].map((c) => h("th", { scope: "col" }, c)))),
            h(
              "tbody",
              {},
              rows.map((r) =>
                h(
                  "tr",
                  { dataset: { consumer: r.consumer, stream: r.stream } },
                  h("th", { scope: "row" }, r.consumer),
                  h("td", {}, r.stream),
                  h("td", { class: "num" }, r.present ? number(r.pending) : "not started"),
                  h("td", { class: "num" }, r.present ? number(r.ack_pending) : "–"),
                  h("td", { class: "num" }, r.present ? number(r.redelivered) : "–"),
                  h("td", { class: `num ${r.dead_letters ? "has-errors" : ""}` }, r.dead_letters === null || r.dead_letters === undefined ? "–" : number(r.dead_letters)),
                ),
              ),
            ),
          )
        : h("p", { class: "muted" }, stats.nats === "ok" ? "No consumer has started yet." : "Unknown while NATS is unavailable."),
    ),
    h(
      "section",
      { class: "panel", "aria-labelledby": "llm-title" },
      h("h2", { id: "llm-title" }, "LLM usage"),
      llm
        ? h("div", { class: "figures-row" },
            h("div", { class: "figure" }, h("p", { class: "figure-label" }, "Listings analysed"), h("p", { class: "figure-value" }, number(llm.listings))),
            h("div", { class: "figure" }, h("p", { class: "figure-label" }, "Tokens"), h("p", { class: "figure-value" }, number(llm.tokens_used))),
            h("div", { class: "figure" }, h("p", { class: "figure-label" }, "Cost"), h("p", { class: "figure-value" }, money(llm.cost_usd, "USD"))))
        : h("p", { class: "muted" }, "Unknown while PostgreSQL is unavailable."),
    ),
  ];
}

export async function render(root, ctx) {
  ctx.title("Health");
  const body = h("div", {}, loading("Asking the API…"));
  replace(root, h("h1", {}, "Health"), body);
  let timer = null;
  ctx.onLeave(() => clearTimeout(timer));
  const refresh = async () => {
    try {
      const stats = await get(`${API}/stats`);
      if (!ctx.isCurrent()) return;
      replace(body, ...view(stats, new Date()));
    } catch (error) {
      if (!ctx.isCurrent()) return;
      replace(body, errorState(error, refresh));
    }
    timer = setTimeout(refresh, REFRESH_MS);
  };
  await refresh();
}
