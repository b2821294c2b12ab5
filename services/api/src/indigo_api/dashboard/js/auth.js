// The API key for the calls that change something (trigger or cancel a sync, saved searches,
// analyses): typed once, kept in this browser (localStorage) and sent as `Authorization: Bearer`.

import { apiKey, setApiKey } from "./api.js";
import { h, uid } from "./dom.js";

export function apiKeyBox() {
  const id = uid("api-key");
  const statusId = uid("api-key-status");
  const field = h("input", { id, name: "api_key", type: "password", autocomplete: "off", spellcheck: "false", "aria-describedby": statusId });
  field.value = apiKey();
  const status = h("p", { class: "hint", id: statusId, role: "status" });
  const show = () => {
    status.textContent = apiKey()
      ? "A key is saved in this browser and sent with every change."
      : "No key saved: changes are sent without one (an API that requires keys answers 401).";
  };
  const form = h(
    "form",
    { class: "api-key", "aria-label": "API key" },
    h("label", { for: id }, "API key"),
    field,
    h("button", { type: "submit", class: "secondary" }, "Save key"),
    h("button", { type: "button", class: "secondary", onclick: () => { field.value = ""; setApiKey(""); show(); } }, "Forget key"),
    status,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    setApiKey(field.value.trim());
    show();
  });
  show();
  return form;
}
