/* An issue's change form is saved automatically in the background (desk/views/autosave.py):
   every minute while it changes, and once more when the page is hidden or closed
   (navigator.sendBeacon). Only for its author, and not a version: the issue itself
   changes when they save. Ctrl+S presses "保存并继续编辑" (static/core/save-shortcut.js). */
"use strict";
(function () {
  const INTERVAL = 60_000;

  function start() {
    const form = document.getElementById("issue_form");
    const settings = document.getElementById("autosave-settings");
    if (!form || !settings) return;
    const save = form.querySelector('input[name="_continue"]');
    if (save) save.dataset.saveShortcut = "";
    const url = settings.dataset.url;
    const status = settings.querySelector(".autosave-status");

    // The text fields as posted; files are not autosaved (the Word import keeps them).
    function serialised() {
      const data = new URLSearchParams();
      for (const [name, value] of new FormData(form)) {
        if (typeof value === "string") data.append(name, value);
      }
      return data;
    }

    // A form filled in again from a recovered one counts as changed until saved.
    let lastSent = "recovered" in settings.dataset ? "" : serialised().toString();
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
          if (answer) status.textContent = answer.message || answer.error;
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
