// Charts on uPlot (vendored): a listing's price history with its drops marked, and the market's
// median price with the p25–p75 band and the daily volume. Each chart comes with its figures as a
// table (the chart's text alternative) and says how many points it draws (data-points).

import uPlot from "../vendor/uplot/uPlot.esm.js";
import { day, dateTime, h, money, number, percent, usd } from "./dom.js";

const INK = "#1f2a5a";
const DROP = "#c0392b";
const BAND = "rgba(63, 81, 181, 0.18)";
const VOLUME = "rgba(120, 144, 156, 0.45)";
const DAY = 86400;

function seconds(text) {
  return Math.floor(new Date(text).getTime() / 1000);
}

function daySeconds(text) {
  const [y, m, d] = text.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / 1000;
}

// The time axis spans the data (uPlot widens a single point's axis to 1000 days), padded so
// that a single point, and the bars at either end, show whole.
function spanOf(xs, pad) {
  const first = Math.min(...xs);
  const last = Math.max(...xs);
  const margin = pad ?? (last > first ? (last - first) * 0.06 : 3600);
  return () => [first - margin, last + margin];
}

function mount(container, options, data) {
  const width = () => Math.max(container.clientWidth || 0, 280);
  const chart = new uPlot({ ...options, width: width(), height: options.height || 260 }, data, container);
  const observer = new ResizeObserver(() => chart.setSize({ width: width(), height: options.height || 260 }));
  observer.observe(container);
  container.dataset.points = String(data[0].length);
  return () => {
    observer.disconnect();
    chart.destroy();
  };
}

function chartFrame(label) {
  return h("div", { class: "chart", role: "img", "aria-label": label });
}

// --- a listing's prices --------------------------------------------------------------------

export function priceHistoryChart(history, currency) {
  const points = history.price_history;
  const frame = chartFrame(
    `Price history: ${points.length} price${points.length === 1 ? "" : "s"}, ${history.drops} drop${history.drops === 1 ? "" : "s"}`,
  );
  const xs = points.map((p) => seconds(p.observed_at));
  const prices = points.map((p) => (p.price === null ? null : Number(p.price)));
  const drops = points.map((p) => (p.direction === "drop" ? Number(p.price) : null));
  const shown = currency || points.find((p) => p.currency)?.currency || "USD";
  let destroy = null;
  const draw = () => {
    destroy = mount(
      frame,
      {
        height: 240,
        scales: { x: { time: true, range: spanOf(xs) }, y: { range: (u, min, max) => [Math.max(0, min * 0.8), max * 1.1 || 1] } },
        axes: [{}, { values: (u, ticks) => ticks.map((v) => money(v, shown)), size: 70 }],
        series: [
          { value: (u, v) => (v === null ? "–" : dateTime(new Date(v * 1000).toISOString())) },
          {
            label: "Price",
            stroke: INK,
            width: 2,
            paths: uPlot.paths.stepped({ align: 1 }),
            points: { show: true, size: 7, fill: INK },
            value: (u, v) => (v === null ? "–" : money(v, shown)),
          },
          {
            label: "Drop",
            stroke: DROP,
            paths: () => null,
            points: { show: true, size: 11, width: 2, stroke: DROP, fill: "#fff" },
            value: (u, v) => (v === null ? "–" : money(v, shown)),
          },
        ],
      },
      [xs, prices, drops],
    );
  };
  const table = h(
    "table",
    { class: "figures" },
    h("caption", {}, "Every price seen"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Seen"), h("th", { scope: "col" }, "Price"), h("th", { scope: "col" }, "USD"), h("th", { scope: "col" }, "Change"))),
    h(
      "tbody",
      {},
      points.map((p) =>
        h(
          "tr",
          { class: p.direction === "drop" ? "is-drop" : "", dataset: { direction: p.direction } },
          h("td", {}, dateTime(p.observed_at)),
          h("td", {}, money(p.price, p.currency)),
          h("td", {}, p.price_usd === null ? "–" : usd(p.price_usd)),
          h(
            "td",
            {},
            p.direction === "first" ? "first price" : p.direction === "unpriced" ? "no price" : `${p.direction === "drop" ? "▼ drop" : "▲ rise"} ${money(p.change, p.currency)} (${percent(p.change_pct)})`,
          ),
        ),
      ),
    ),
  );
  return {
    element: h("div", { class: "chart-block" }, frame, h("details", { class: "chart-figures" }, h("summary", {}, "Show the prices as a table"), table)),
    draw: () => {
      draw();
      return () => destroy && destroy();
    },
  };
}

// --- the market -----------------------------------------------------------------------------

export function marketChart(rows, title) {
  const days = [...rows].sort((a, b) => (a.day < b.day ? -1 : 1));
  const frame = chartFrame(`${title}: median USD price with its p25 to p75 band and listings per day, over ${days.length} day${days.length === 1 ? "" : "s"}`);
  const xs = days.map((r) => daySeconds(r.day));
  const value = (key) => days.map((r) => (r[key] === null || r[key] === undefined ? null : Number(r[key])));
  let destroy = null;
  const draw = () => {
    destroy = mount(
      frame,
      {
        height: 300,
        scales: { x: { time: true, range: spanOf(xs, DAY / 2) }, usd: { range: (u, min, max) => [0, (max || 1) * 1.1] }, count: { range: (u, min, max) => [0, (max || 1) * 3] } },
        axes: [
          {},
          { scale: "usd", values: (u, ticks) => ticks.map((v) => usd(v)), size: 70 },
          { scale: "count", side: 1, grid: { show: false }, values: (u, ticks) => ticks.map((v) => number(v)), size: 50 },
        ],
        series: [
          { value: (u, v) => (v === null ? "–" : day(new Date(v * 1000).toISOString().slice(0, 10))) },
          { label: "Listings", scale: "count", fill: VOLUME, stroke: VOLUME, paths: uPlot.paths.bars({ size: [0.6, 40] }), points: { show: false }, value: (u, v) => number(v) },
          { label: "p25", scale: "usd", stroke: "rgba(63, 81, 181, 0.6)", width: 1, value: (u, v) => (v === null ? "–" : usd(v)) },
          { label: "Median", scale: "usd", stroke: INK, width: 2.5, points: { show: true, size: 6, fill: INK }, value: (u, v) => (v === null ? "–" : usd(v)) },
          { label: "p75", scale: "usd", stroke: "rgba(63, 81, 181, 0.6)", width: 1, value: (u, v) => (v === null ? "–" : usd(v)) },
        ],
        bands: [{ series: [4, 2], fill: BAND }],
      },
      [xs, value("listing_count"), value("p25_price_usd"), value("median_price_usd"), value("p75_price_usd")],
    );
  };
  const table = h(
    "table",
    { class: "figures" },
    h("caption", {}, `${title}, day by day`),
    h(
      "thead",
      {},
      h("tr", {}, ["Day", "Listings", "New", "Ended", "Median", "p25", "p75"].map((t) => h("th", { scope: "col" }, t))),
    ),
    h(
      "tbody",
      {},
      days.map((r) =>
        h(
          "tr",
          {},
          h("td", {}, day(r.day)),
          h("td", {}, number(r.listing_count)),
          h("td", {}, number(r.new_count)),
          h("td", {}, number(r.ended_count)),
          h("td", {}, r.median_price_usd === null ? "–" : usd(r.median_price_usd)),
          h("td", {}, r.p25_price_usd === null ? "–" : usd(r.p25_price_usd)),
          h("td", {}, r.p75_price_usd === null ? "–" : usd(r.p75_price_usd)),
        ),
      ),
    ),
  );
  return {
    element: h("div", { class: "chart-block" }, frame, h("details", { class: "chart-figures" }, h("summary", {}, "Show the figures as a table"), table)),
    draw: () => {
      draw();
      return () => destroy && destroy();
    },
  };
}
