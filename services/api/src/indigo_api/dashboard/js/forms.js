// Labelled form controls, each with a slot for the API's message about it (a 422 names the field
// in detail[].loc; the message appears under the control, which is marked invalid and described
// by it, so a screen reader reads it too).

import { h, uid } from "./dom.js";

function fieldShell(name, label, control, hint) {
  const errorId = uid(`error-${name}`);
  const hintId = hint ? uid(`hint-${name}`) : null;
  control.setAttribute("aria-describedby", [hintId, errorId].filter(Boolean).join(" "));
  return h(
    "div",
    { class: "field", dataset: { field: name } },
    h("label", { for: control.id }, label),
    control,
    hint ? h("p", { class: "hint", id: hintId }, hint) : null,
    h("p", { class: "field-error", id: errorId, dataset: { errorFor: name }, hidden: true }),
  );
}

export function input(name, label, { value = "", type = "text", hint, ...attrs } = {}) {
  const control = h("input", { id: uid(name), name, type, ...attrs });
  control.value = value ?? "";
  return fieldShell(name, label, control, hint);
}

export function select(name, label, options, { value = "", hint, ...attrs } = {}) {
  const control = h(
    "select",
    { id: uid(name), name, ...attrs },
    options.map(([optionValue, text]) => h("option", { value: optionValue }, text)),
  );
  control.value = value ?? "";
  return fieldShell(name, label, control, hint);
}

export function checkbox(name, label, { checked = false, hint } = {}) {
  const control = h("input", { id: uid(name), name, type: "checkbox", checked });
  const errorId = uid(`error-${name}`);
  control.setAttribute("aria-describedby", errorId);
  return h(
    "div",
    { class: "field field-check", dataset: { field: name } },
    control,
    h("label", { for: control.id }, label),
    hint ? h("p", { class: "hint" }, hint) : null,
    h("p", { class: "field-error", id: errorId, dataset: { errorFor: name }, hidden: true }),
  );
}

export function formValues(form) {
  const values = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled) continue;
    if (el.type === "checkbox") values[el.name] = el.checked;
    else values[el.name] = el.value.trim();
  }
  return values;
}

export function clearErrors(form) {
  for (const slot of form.querySelectorAll(".field-error")) {
    slot.hidden = true;
    slot.textContent = "";
  }
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  const general = form.querySelector(".form-error");
  if (general) {
    general.hidden = true;
    general.textContent = "";
  }
}

// Shows an ApiError on the form: each field's message beside it (the first such field gets the
// focus); anything not about a field in this form, in the form's general error line.
export function showErrors(form, error, aliases = {}) {
  clearErrors(form);
  const unplaced = [];
  let first = null;
  for (const [field, message] of Object.entries(error.fields || {})) {
    const name = aliases[field] || field;
    const slot = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
    const control = form.elements.namedItem(name);
    if (!slot) {
      unplaced.push(`${field}: ${message}`);
      continue;
    }
    slot.textContent = message;
    slot.hidden = false;
    if (control && control.setAttribute) {
      control.setAttribute("aria-invalid", "true");
      first = first || control;
    }
  }
  const general = form.querySelector(".form-error");
  const placed = Object.keys(error.fields || {}).length > unplaced.length;
  const text = unplaced.length ? `Not accepted: ${unplaced.join(" · ")}` : placed ? "" : error.message;
  if (general && text) {
    general.textContent = text;
    general.hidden = false;
  }
  if (first) first.focus();
  else if (general && text) general.focus();
}

export function formError() {
  return h("p", { class: "form-error", role: "alert", tabindex: "-1", hidden: true });
}
