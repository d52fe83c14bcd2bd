/* Ctrl+S (⌘S on a Mac) saves the form instead of opening the browser's "save page" dialog:
   it presses the page's button marked data-save-shortcut, so the save is the same as a
   click (the same submit events, the same checks). Pages without one keep the browser's. */
"use strict";
document.addEventListener("keydown", function (event) {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== "s") return;
  const button = document.querySelector("[data-save-shortcut]");
  if (!button || button.disabled) return;
  event.preventDefault();
  if (!event.repeat) button.click();
}, true);
