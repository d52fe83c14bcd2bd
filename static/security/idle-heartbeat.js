/* Typing counts as activity for the staff idle timeout (security.middleware): after real
   keyboard or mouse input, at most one heartbeat every few minutes tells the server so.
   An unattended screen sends nothing and is signed out all the same. Before that, a
   warning with a button to stay signed in. The tabs of one browser share the time of
   the last contact (localStorage), so a tab left open does not warn while another is used.
   Settings and texts come from the script tag's data attributes (templates/admin/base_site.html). */
"use strict";
(function () {
  const script = document.currentScript;
  const timeout = Number(script.dataset.timeout) * 1000;
  if (!timeout) return;
  const url = script.dataset.url;
  const csrf = script.dataset.csrf;
  const interval = Math.min(180_000, timeout / 3);
  const warnBefore = Math.min(300_000, timeout / 3);
  const storageKey = "bulletin-office-last-contact";
  let lastContact = Date.now();
  let inputSinceContact = false;
  let banner = null;

  function sharedLastContact() {
    const stored = Number(window.localStorage.getItem(storageKey)) || 0;
    return Math.max(lastContact, stored);
  }

  function contacted(at) {
    lastContact = at;
    window.localStorage.setItem(storageKey, String(at));
  }

  function heartbeat() {
    const sentAt = Date.now();
    inputSinceContact = false;
    return fetch(url, {
      method: "POST",
      headers: {"X-CSRFToken": csrf},
      credentials: "same-origin",
      redirect: "manual",
    }).then(function (response) {
      if (response.ok) {
        contacted(sentAt);
        update();
      }
    }, function () { /* offline: the next input tries again */ inputSinceContact = true; });
  }

  function showBanner(text, expired) {
    if (!banner) {
      banner = document.createElement("div");
      banner.className = "idle-warning";
      banner.setAttribute("role", "alert");
      const message = document.createElement("span");
      message.className = "idle-warning-text";
      const button = document.createElement("button");
      button.type = "button";
      button.className = "idle-warning-stay";
      button.textContent = script.dataset.stay;
      button.addEventListener("click", heartbeat);
      banner.append(message, button);
      document.body.prepend(banner);
    }
    banner.querySelector(".idle-warning-text").textContent = text;
    banner.querySelector(".idle-warning-stay").hidden = expired;
    banner.classList.toggle("idle-expired", expired);
  }

  function update() {
    const left = sharedLastContact() + timeout - Date.now();
    if (left <= 0) {
      showBanner(script.dataset.expired, true);
    } else if (left <= warnBefore) {
      const minutes = String(Math.max(1, Math.ceil(left / 60_000)));
      showBanner(script.dataset.warning.replace("%(minutes)s", minutes), false);
    } else if (banner) {
      banner.remove();
      banner = null;
    }
  }

  for (const type of ["keydown", "input", "mousedown", "wheel", "touchstart"]) {
    document.addEventListener(type, function () { inputSinceContact = true; }, {capture: true, passive: true});
  }
  contacted(Date.now()); // this page's own request was a contact
  window.setInterval(function () {
    if (inputSinceContact && Date.now() - sharedLastContact() >= interval) heartbeat();
    update();
  }, Math.min(10_000, interval / 2));
})();
