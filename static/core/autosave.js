/* A form is saved automatically in the background to the address in its data-autosave-url
   (an element inside the form, or the form itself): every minute while it changes, and once
   more when the page is hidden or closed (navigator.sendBeacon). The change form
   keeps an autosave for its author alone (desk/views/autosave.py); a contributor's draft
   report is saved as the draft it is (contributions.views.report_autosave).
   data-save-button names the button Ctrl+S presses (static/core/save-shortcut.js). */
"use strict";
(function () {
  const INTERVAL = 60_000;

  function start() {
    const settings = document.querySelector("[data-autosave-url]");
    const form = settings && settings.closest("form");
    if (!form) return;
    const url = settings.dataset.autosaveUrl;
    const status = form.querySelector(".autosave-status");
    if (settings.dataset.saveButton) {
      const save = form.querySelector(`[name="${settings.dataset.saveButton}"]`);
      if (save) save.dataset.saveShortcut = "";
    }

    // The text fields as posted; files are not autosaved.
    function serialised() {
      const data = new URLSearchParams();
      for (const [name, value] of new FormData(form)) {
        if (typeof value === "string") data.append(name, value);
      }
      return data;
    }

    // A form filled in again from a recovered one counts as changed until saved.
    let lastSent = "autosaveRecovered" in settings.dataset ? "" : serialised().toString();
    let submitting = false;
    form.addEventListener("submit", function () { submitting = true; });

    function changed(data) {
      return !submitting && data.toString() !== lastSent;
    }

    function send() {
      const data = serialised();
      if (!changed(data)) return;
      lastSent = data.toString();
      fetch(url, {method: "POST", body: data, credentials: "same-origin", redirect: "manual"})
        .then(function (response) {
          return response.ok || response.status === 400 ? response.json() : null;
        })
        .then(function (answer) {
          if (answer && status) status.textContent = answer.message || answer.error;
        }, function () { lastSent = ""; /* offline: try again next time */ });
    }

    function sendOnLeaving() {
      const data = serialised();
      if (!changed(data)) return;
      lastSent = data.toString();
      navigator.sendBeacon(url, data);
    }

    window.setInterval(send, INTERVAL);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") sendOnLeaving();
    });
    window.addEventListener("pagehide", sendOnLeaving);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
