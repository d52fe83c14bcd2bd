// Returning an issue: words selected in an article's text become the passage
// the approver's comment on that article is about.
"use strict";
(function () {
    const MAX_LENGTH = 500;

    function quoteSelection(event) {
        const text = event.currentTarget;
        const selection = window.getSelection();
        if (!selection || selection.isCollapsed) return;
        if (!text.contains(selection.anchorNode) || !text.contains(selection.focusNode)) return;
        const input = document.getElementById(text.dataset.passageInput);
        const quoted = selection.toString().replace(/\s+/g, " ").trim();
        if (input && quoted) input.value = quoted.slice(0, MAX_LENGTH);
    }

    function start() {
        for (const text of document.querySelectorAll(".commentable[data-passage-input]")) {
            text.addEventListener("mouseup", quoteSelection);
            text.addEventListener("keyup", quoteSelection);
        }
    }

    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
})();
