/* Keeps a form whose text is larger than the server accepts (DATA_UPLOAD_MAX_MEMORY_SIZE)
   from being sent: the server would refuse it and the text would be lost. The text stays
   in the form, with the message above it. The limit and the message come from the
   script tag's data attributes (templates/admin/base_site.html). */
"use strict";
(function () {
  const script = document.currentScript;
  const limit = Number(script.dataset.limit);
  const message = script.dataset.message;

  function encodedSize(form) {
    let size = 0;
    for (const [name, value] of new FormData(form)) {
      if (typeof value !== "string") continue; // files do not count towards the limit
      size += encodeURIComponent(name).length + encodeURIComponent(value).length + 2;
    }
    return size;
  }

  function showMessage(form) {
    let list = document.querySelector(".messagelist.post-size-guard");
    if (!list) {
      list = document.createElement("ul");
      list.className = "messagelist post-size-guard";
      const item = document.createElement("li");
      item.className = "error";
      item.textContent = message;
      list.appendChild(item);
      form.parentNode.insertBefore(list, form);
    }
    list.scrollIntoView({block: "center"});
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!limit || (form.method || "").toLowerCase() !== "post") return;
    if (encodedSize(form) > limit) {
      event.preventDefault();
      event.stopImmediatePropagation();
      showMessage(form);
    }
  }, true);
})();
