// Names for the admin's controls that have none (axe-core, tests/test_accessibility.py):
// a change list's editable cells (named by their column's heading), select2's
// combobox and search box (named by their select's label), and select2's "clear
// all" button, which it puts among the items of a multiple choice's list, a date
// and time field's inputs, and the two-list selector's search icons.
"use strict";
{
  const labelOf = (control) => {
    const label = control.id && document.querySelector(`label[for="${CSS.escape(control.id)}"]`);
    if (label) return label.textContent.replace(/[:：]\s*$/, "").trim();
    const cell = control.closest("td");
    const header = cell && cell.closest("table").querySelectorAll("thead th")[cell.cellIndex];
    return header ? header.textContent.trim() : "";
  };
  const name = (element, text) => {
    if (text && !element.hasAttribute("aria-label")) element.setAttribute("aria-label", text);
  };
  const nameAll = () => {
    for (const control of document.querySelectorAll(
      "#result_list td input:not([type=hidden]), #result_list td select",
    )) {
      name(control, labelOf(control));
    }
    for (const container of document.querySelectorAll(".select2-container")) {
      const select = container.previousElementSibling;
      if (!select || select.tagName !== "SELECT") continue;
      const text = labelOf(select);
      for (const part of container.querySelectorAll(
        ".select2-selection[role=combobox], .select2-selection__rendered[role=textbox], .select2-search__field",
      )) {
        name(part, text);
      }
      for (const clear of container.querySelectorAll("ul > .select2-selection__clear")) {
        clear.setAttribute("role", "listitem");
      }
    }
    // A date and time field's two inputs follow their "日期:" and "时间:" as plain text.
    for (const input of document.querySelectorAll("p.datetime > input:not([aria-label])")) {
      const text = input.previousSibling?.textContent.trim().replace(/[:：]$/, "");
      if (!labelOf(input)) name(input, text);
    }
    // The two-list selector's search icons carry an aria-label, which a span without a role may not.
    for (const icon of document.querySelectorAll(".search-label-icon[aria-label]:not([role])")) {
      icon.setAttribute("role", "img");
    }
  };
  // select2 draws its widgets after the page, and again on every change and new inline row.
  document.addEventListener("DOMContentLoaded", () => {
    nameAll();
    new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true });
  });
}
