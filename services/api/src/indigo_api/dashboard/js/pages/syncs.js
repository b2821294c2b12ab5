// Syncs: trigger one (or all) marketplaces, cancel a waiting or running job, and the job history
// with counts, errors and durations, refreshed every couple of seconds while any job is running.

import { API, apiPaths, get, request } from "../api.js";
import { apiKeyBox } from "../auth.js";
import { PLATFORM_NAMES, duration, empty, errorState, h, loading, number, platformBadge, replace, time } from "../dom.js";
import { formError, input, select, showErrors } from "../forms.js";

const LIVE = new Set(["pending", "running", "stalled"]);
const REFRESH_MS = 2000;
const IDLE_REFRESH_MS = 15000;

function jobDuration(job) {
  if (!job.started_at) return job.status === "pending" ? "waiting" : "–";
  const end = job.finished_at ? new Date(job.finished_at) : new Date();
  return duration((end - new Date(job.started_at)) / 1000) + (job.finished_at ? "" : " so far");
}

function triggerForm(ctx, onTriggered) {
  const form = h(
    "form",
    { class: "trigger", "aria-labelledby": "trigger-title" },
    h("h2", { id: "trigger-title" }, "Run a sync"),
    h(
      "div",
      { class: "grid-fields" },
      select("platform", "Marketplace", [["all", "All marketplaces"], ["ebay", "eBay"], ["etsy", "Etsy"], ["reddit", "Reddit"]], { value: "all" }),
      input("keywords", "Keywords", { value: "vintage jeans", maxlength: 200, required: true }),
      input("limit", "Listings at most", { value: "200", type: "number", min: 1, max: 10000, step: 1, inputmode: "numeric" }),
    ),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Start sync")),
    formError(),
    h("p", { class: "trigger-status", role: "status" }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    const status = form.querySelector(".trigger-status");
    const values = Object.fromEntries(new FormData(form));
    const body = { platform: values.platform, keywords: values.keywords.trim() };
    // A number the browser cannot read is sent as written, for the API to name it.
    if (values.limit !== "") body.limit = /^\d+$/.test(values.limit) ? Number(values.limit) : values.limit;
    button.disabled = true;
    status.textContent = "Queuing…";
    try {
      const answer = await request(`${API}/sync/trigger`, { method: "POST", body, auth: true });
      const jobs = answer.jobs || [];
      status.textContent = `Queued ${jobs.length} job${jobs.length === 1 ? "" : "s"}: ${jobs.map((j) => `${PLATFORM_NAMES[j.platform]}${j.coalesced ? " (already waiting)" : ""}`).join(", ")}.`;
      showErrors(form, { fields: {} });
      onTriggered(jobs);
    } catch (error) {
      status.textContent = "";
      showErrors(form, error);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function jobsTable(page, canCancel, onCancel) {
  if (!page.items.length) return empty("No sync has run yet. Start one above.");
  return h(
    "table",
    { class: "jobs" },
    h("caption", {}, `The ${page.items.length} most recent of ${number(page.total)} jobs`),
    h("thead", {}, h("tr", {}, ["Marketplace", "Status", "Search", "Fetched", "Published", "Unchanged", "Errors", "Requested", "Duration", ""].map((c) => h("th", { scope: "col" }, c)))),
    h(
      "tbody",
      {},
      page.items.map((job) =>
        h(
          "tr",
          { dataset: { jobId: job.job_id, status: job.status } },
          h("td", { "data-label": "Marketplace" }, platformBadge(job.platform)),
          h("td", { "data-label": "Status" }, h("span", { class: `status status-${job.status}` }, job.status), job.error ? h("p", { class: "job-error" }, job.error) : null),
          h("td", { "data-label": "Search" }, job.keywords || "–", job.limit ? h("span", { class: "muted" }, ` (≤ ${number(job.limit)})`) : null),
          h("td", { "data-label": "Fetched", class: "num", dataset: { count: "fetched" } }, number(job.counts.fetched)),
          h("td", { "data-label": "Published", class: "num", dataset: { count: "published" } }, number(job.counts.published)),
          h("td", { "data-label": "Unchanged", class: "num", dataset: { count: "unchanged" } }, number(job.counts.unchanged)),
          h("td", { "data-label": "Errors", class: `num ${job.counts.errors ? "has-errors" : ""}`, dataset: { count: "errors" } }, number(job.counts.errors)),
          h("td", { "data-label": "Requested" }, time(job.requested_at || job.updated_at)),
          h("td", { "data-label": "Duration" }, jobDuration(job)),
          h("td", {}, canCancel && (job.status === "pending" || job.status === "running") ? h("button", { type: "button", class: "secondary small", "aria-label": `Cancel the ${PLATFORM_NAMES[job.platform]} sync`, onclick: (event) => onCancel(job, event.currentTarget) }, "Cancel") : null),
        ),
      ),
    ),
  );
}

export async function render(view, ctx) {
  ctx.title("Syncs");
  const params = ctx.params;
  const message = h("p", { class: "cancel-status", role: "status" });
  const history = h("section", { class: "panel", "aria-labelledby": "history-title" }, h("h2", { id: "history-title" }, "Job history"), loading("Loading the jobs…"));
  const filters = h(
    "form",
    { class: "inline-filters", "aria-label": "Job filters" },
    select("platform", "Marketplace", [["", "All"], ["ebay", "eBay"], ["etsy", "Etsy"], ["reddit", "Reddit"]], { value: params.platform || "" }),
    select("status", "Status", [["", "Any"], ...["pending", "running", "completed", "failed", "cancelled"].map((s) => [s, s])], { value: params.status || "" }),
  );
  filters.addEventListener("change", () => ctx.navigate("/syncs", Object.fromEntries(new FormData(filters))));
  let timer = null;
  ctx.onLeave(() => clearTimeout(timer));
  let canCancel = false;

  const refresh = async () => {
    clearTimeout(timer);
    let page;
    try {
      page = await get(`${API}/sync-jobs`, { platform: params.platform, status: params.status, limit: 20 });
    } catch (error) {
      if (!ctx.isCurrent()) return;
      replace(history, h("h2", { id: "history-title" }, "Job history"), filters, errorState(error, refresh));
      timer = setTimeout(refresh, IDLE_REFRESH_MS);
      return;
    }
    if (!ctx.isCurrent()) return;
    const live = page.items.some((job) => LIVE.has(job.status));
    replace(
      history,
      h("h2", { id: "history-title" }, "Job history"),
      filters,
      h("p", { class: "muted live-note" }, live ? "Jobs are running: this table refreshes every 2 seconds." : "No job is running."),
      message,
      jobsTable(page, canCancel, cancel),
    );
    timer = setTimeout(refresh, live ? REFRESH_MS : IDLE_REFRESH_MS);
  };

  const cancel = async (job, button) => {
    button.disabled = true;
    message.textContent = `Cancelling the ${PLATFORM_NAMES[job.platform]} sync…`;
    try {
      const answer = await request(`${API}/sync/${job.job_id}/cancel`, { method: "POST", auth: true });
      message.textContent = answer.status === "cancelled" ? "Cancelled: it will not run." : "Cancelling: it stops before its next page.";
    } catch (error) {
      message.textContent = `Not cancelled: ${error.message}`;
      button.disabled = false;
    }
    refresh();
  };

  replace(
    view,
    h("h1", {}, "Syncs"),
    h("div", { class: "two-columns" }, h("section", { class: "panel" }, triggerForm(ctx, () => refresh())), h("section", { class: "panel", "aria-label": "API key" }, h("h2", {}, "API key"), apiKeyBox())),
    history,
  );
  try {
    canCancel = [...(await apiPaths())].some((path) => /\/sync\/\{[^}]+\}\/cancel$/.test(path));
  } catch {
    canCancel = false; // no OpenAPI document: offer no cancel rather than one that cannot work
  }
  if (ctx.isCurrent()) await refresh();
}
