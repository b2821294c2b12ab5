// The dashboard's router: the page and its state live in the URL's hash (#/listings?brand=Lee),
// so a filtered, paged view can be bookmarked, shared and navigated with Back and Forward.

import { announce, errorState, h, replace } from "./dom.js";
import * as alerts from "./pages/alerts.js";
import * as health from "./pages/health.js";
import * as listing from "./pages/listing.js";
import * as listings from "./pages/listings.js";
import * as market from "./pages/market.js";
import * as syncs from "./pages/syncs.js";

const ROUTES = [
  [/^\/listings$/, listings, "listings"],
  [/^\/listings\/([0-9a-f-]{36})$/, listing, "listings"],
  [/^\/market$/, market, "market"],
  [/^\/syncs$/, syncs, "syncs"],
  [/^\/alerts$/, alerts, "alerts"],
  [/^\/alerts\/([0-9a-f-]{36})$/, alerts, "alerts"],
  [/^\/health$/, health, "health"],
];

const view = document.getElementById("view");
let current = null; // the page on screen: {leave: [cleanups], alive}
let renderedPath = null;

export function hashFor(path, params = {}) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "" && value !== false) search.set(name, String(value));
  }
  const text = search.toString();
  return `#${path}${text ? `?${text}` : ""}`;
}

export function navigate(path, params, { replaceState = false } = {}) {
  const hash = hashFor(path, params);
  if (hash === location.hash) return render();
  if (replaceState) {
    history.replaceState(null, "", hash);
    return render();
  }
  location.hash = hash;
  return undefined;
}

function parse() {
  const raw = location.hash.replace(/^#/, "") || "/listings";
  const [path, search = ""] = raw.split("?");
  return { path: path || "/listings", params: Object.fromEntries(new URLSearchParams(search)) };
}

async function render() {
  const { path, params } = parse();
  if (current) {
    current.alive = false;
    for (const cleanup of current.leave) cleanup();
  }
  const page = { alive: true, leave: [] };
  current = page;
  const shown = location.hash;
  delete view.dataset.ready;
  const route = ROUTES.find(([pattern]) => pattern.test(path));
  for (const link of document.querySelectorAll("[data-nav]")) {
    if (route && link.dataset.nav === route[2]) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  // A new page takes the focus (and the top of the window); the same page with new filters
  // gives the focus back to the control that changed them.
  const newPage = path !== renderedPath;
  const firstPage = renderedPath === null; // the document's start keeps the focus (skip link first)
  renderedPath = path;
  const active = document.activeElement;
  const focusKey = !newPage && view.contains(active) ? active.name || active.dataset.focus : null;
  view.setAttribute("aria-busy", "true");
  if (!route) {
    document.title = "Not found · Indigo";
    replace(view, h("h1", {}, "Page not found"), h("p", {}, h("a", { href: "#/listings" }, "Go to the listings")));
    view.setAttribute("aria-busy", "false");
    view.dataset.ready = shown;
    return;
  }
  const [pattern, module] = route;
  const ctx = {
    id: path.match(pattern)[1] || null,
    params,
    path,
    isCurrent: () => page.alive,
    onLeave: (cleanup) => page.leave.push(cleanup),
    navigate,
    title(text) {
      document.title = `${text} · Indigo`;
      announce(`${text} page`);
    },
  };
  try {
    await module.render(view, ctx);
  } catch (error) {
    if (!page.alive) return;
    console.warn("page failed", error);
    replace(view, errorState(error, () => render()));
  } finally {
    if (page.alive) view.setAttribute("aria-busy", "false");
  }
  if (!page.alive) return;
  view.dataset.ready = shown; // the page drawn for this URL (what a test waits for)
  if (newPage && !firstPage) {
    window.scrollTo(0, 0);
    view.focus({ preventScroll: true });
  } else if (focusKey) {
    const again = view.querySelector(`[name="${CSS.escape(focusKey)}"], [data-focus="${CSS.escape(focusKey)}"]`);
    if (again) again.focus();
  }
}

window.addEventListener("hashchange", () => render());
if (!location.hash) history.replaceState(null, "", "#/listings");
render();
