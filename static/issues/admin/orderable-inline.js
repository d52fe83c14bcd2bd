// Lets editors reorder inline rows (articles of an issue, recipients of a
// distribution list) with ↑/↓ buttons or by dragging the handle. The hidden
// truth is each row's "position" input, renumbered 1…n in the order shown;
// the server closes any remaining gaps when it saves.
"use strict";
(function () {
    // A tabular inline is one .inline-related around all its rows: its items are the rows
    // (taken for an item itself, it put a second handle into its first cell).
    const ITEM_SELECTOR =
        ".inline-related:not(.empty-form):not(.tabular), tr.form-row:not(.empty-form)";

    function itemsOf(group) {
        return Array.from(group.querySelectorAll(ITEM_SELECTOR)).filter(
            (item) => item.querySelector('input[name$="-position"]') && !item.closest(".empty-form")
        );
    }

    function renumber(group) {
        let position = 1;
        for (const item of itemsOf(group)) {
            const deleted = item.querySelector('input[name$="-DELETE"]');
            const input = item.querySelector('input[name$="-position"]');
            input.value = deleted && deleted.checked ? 0 : position++;
        }
    }

    function move(item, direction) {
        const group = item.closest(".inline-group");
        const items = itemsOf(group);
        const index = items.indexOf(item);
        const target = items[index + direction];
        if (!target) return;
        if (direction < 0) target.before(item);
        else target.after(item);
        renumber(group);
        item.querySelector(".order-handle button")?.focus();
    }

    function button(label, title, onClick) {
        const element = document.createElement("button");
        element.type = "button";
        element.className = "order-button";
        element.textContent = label;
        element.title = title;
        element.setAttribute("aria-label", title);
        element.addEventListener("click", onClick);
        return element;
    }

    function enhance(item) {
        if (item.querySelector(".order-handle")) return;
        const handle = document.createElement("span");
        handle.className = "order-handle";
        const grip = document.createElement("span");
        grip.className = "order-grip";
        grip.draggable = true;
        grip.textContent = "⠿";
        grip.title = gettext("Drag to reorder");
        handle.append(
            grip,
            button("↑", gettext("Move up"), () => move(item, -1)),
            button("↓", gettext("Move down"), () => move(item, +1))
        );
        grip.addEventListener("dragstart", (event) => {
            item.classList.add("dragging");
            event.dataTransfer.effectAllowed = "move";
            event.dataTransfer.setData("text/plain", item.id);
        });
        grip.addEventListener("dragend", () => {
            item.classList.remove("dragging");
            renumber(item.closest(".inline-group"));
        });
        item.addEventListener("dragover", (event) => {
            const dragged = item.closest(".inline-group").querySelector(".dragging");
            if (!dragged || dragged === item) return;
            event.preventDefault();
            const box = item.getBoundingClientRect();
            if (event.clientY < box.top + box.height / 2) item.before(dragged);
            else item.after(dragged);
        });
        const header = item.querySelector("h3") || item.querySelector("td.original") || item.querySelector("td");
        header.prepend(handle);
        item.querySelector('input[name$="-position"]').readOnly = true;
    }

    function setUp(group) {
        itemsOf(group).forEach(enhance);
        renumber(group);
        group.closest("form")?.addEventListener("submit", () => renumber(group));
        group.addEventListener("change", (event) => {
            if (event.target.name?.endsWith("-DELETE")) renumber(group);
        });
    }

    document.addEventListener("DOMContentLoaded", () => {
        document.querySelectorAll(".inline-group").forEach((group) => {
            if (group.querySelector('input[name$="-position"]')) setUp(group);
        });
    });
    document.addEventListener("formset:added", (event) => {
        const group = event.target.closest(".inline-group");
        if (!group) return;
        enhance(event.target);
        renumber(group);
    });
})();
