// Nobody loses what they typed on an issue's change form:
// - leaving the page with unsaved changes asks first (the browser's own prompt);
// - a workflow step or the Word import saves the changes first, then goes on;
// - "Preview PDF" renders what is on the screen, posting the form to the
//   preview in a new tab; nothing is saved.
"use strict";
(function () {
    function start() {
        const form = document.getElementById("issue_form");
        if (!form) return;
        // Only an editable form carries the version it was opened on.
        const editable = Boolean(form.querySelector('input[name="based_on_version"]'));
        let dirty = false;
        let submitting = false;

        const markDirty = () => {
            dirty = true;
            document.body.classList.add("has-unsaved-changes");
        };
        // The prose editor copies its text into its textarea and sends an "input" event.
        form.addEventListener("input", markDirty);
        form.addEventListener("change", markDirty);
        form.addEventListener("click", (event) => {
            if (event.target.closest(".order-button, .add-row a, .inline-deletelink")) markDirty();
        });
        form.addEventListener("dragend", markDirty);
        form.addEventListener("submit", () => {
            submitting = true;
        });
        window.addEventListener("beforeunload", (event) => {
            if (dirty && !submitting) {
                event.preventDefault();
                event.returnValue = "";
            }
        });

        function hidden(name, value) {
            let input = form.querySelector(`input[type=hidden][name="${name}"]`);
            if (!input) {
                input = document.createElement("input");
                input.type = "hidden";
                input.name = name;
                form.append(input);
            }
            input.value = value;
        }

        // Save first, then continue to the step's page.
        for (const link of document.querySelectorAll("a.workflow-button, a.import-word")) {
            link.addEventListener("click", (event) => {
                if (!dirty || !editable) return;
                event.preventDefault();
                hidden("_then", link.getAttribute("href"));
                hidden("_continue", "1");
                submitting = true;
                form.requestSubmit();
            });
        }

        const preview = document.querySelector("a.pdf-preview");
        if (preview && editable) {
            preview.addEventListener("click", (event) => {
                event.preventDefault();
                const action = form.getAttribute("action");
                form.setAttribute("action", preview.getAttribute("href"));
                form.setAttribute("target", "_blank");
                // submit(), not requestSubmit(): no submit event, so leaving stays guarded.
                form.submit();
                if (action === null) form.removeAttribute("action");
                else form.setAttribute("action", action);
                form.removeAttribute("target");
            });
        }
    }

    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
})();
