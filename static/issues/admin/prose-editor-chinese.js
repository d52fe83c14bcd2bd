"use strict";
// django-prose-editor writes the titles of its menu buttons and the names in its
// block menu in English, past Django's translation (its dialogs do use gettext).
// This puts them through the JavaScript catalog (djangojs.po) as the editor builds
// its menus. Needs the catalog (jsi18n) loaded first.
(function () {
  const TRANSLATIONS = {
    paragraph: gettext("paragraph"),
    Paragraph: gettext("Paragraph"),
    "Heading 1": gettext("Heading 1"),
    "Heading 2": gettext("Heading 2"),
    "Heading 3": gettext("Heading 3"),
    "Heading 4": gettext("Heading 4"),
    "Heading 5": gettext("Heading 5"),
    "Heading 6": gettext("Heading 6"),
    "unordered list": gettext("unordered list"),
    "ordered list": gettext("ordered list"),
    "List properties": gettext("List properties"),
    figure: gettext("figure"),
    bold: gettext("bold"),
    italic: gettext("italic"),
    underline: gettext("underline"),
    undo: gettext("undo"),
    redo: gettext("redo"),
    "insert link": gettext("insert link"),
    "remove link": gettext("remove link"),
    "edit HTML": gettext("edit HTML"),
    "Toggle fullscreen": gettext("Toggle fullscreen"),
    "Insert table": gettext("Insert table"),
    "Add column": gettext("Add column"),
    "Delete column": gettext("Delete column"),
    "Add row": gettext("Add row"),
    "Delete row": gettext("Delete row"),
    "Merge cells": gettext("Merge cells"),
    "Split cell": gettext("Split cell"),
    "Toggle header cell": gettext("Toggle header cell"),
    "Delete table": gettext("Delete table"),
  };
  // The table dialog's yes/no choice: its options' text is also their value, which
  // the editor compares with "Yes", so only the text shown is translated.
  const CHOICES = { Yes: gettext("Yes"), No: gettext("No") };
  // The editor's dialogs ask window.gettext for these; listed so that makemessages
  // copies them into djangojs.po.
  [
    gettext("Image URL"),
    gettext("Alternative Text"),
    gettext("Caption"),
    gettext("Add caption"),
    gettext("Remove caption"),
    gettext("Edit Figure"),
    gettext("Insert Figure"),
    gettext("Edit Image"),
    gettext("Browse..."),
    gettext("Update"),
    gettext("Insert"),
    gettext("Cancel"),
    gettext("Bullets"),
    gettext("Decimal numbers"),
    gettext("Lowercase letters"),
    gettext("Uppercase letters"),
    gettext("Lowercase Roman numerals"),
    gettext("Uppercase Roman numerals"),
    gettext("Start at"),
    gettext("List type"),
    gettext("Rows"),
    gettext("Columns"),
    gettext("Include header row"),
    gettext("Table Properties"),
    gettext("Insert Table"),
  ];

  const ATTRIBUTES = ["title", "aria-label"];

  function translateElement(element) {
    for (const name of ATTRIBUTES) {
      const value = element.getAttribute(name);
      if (value && Object.hasOwn(TRANSLATIONS, value)) {
        element.setAttribute(name, TRANSLATIONS[value]);
      }
    }
  }

  function translateOption(option) {
    // A block menu option holds one element (<p>, <h2>…) with the block's name.
    const label = option.firstElementChild || option;
    const text = label.textContent.trim();
    if (Object.hasOwn(TRANSLATIONS, text)) {
      label.textContent = TRANSLATIONS[text];
    }
  }

  function translateChoices(root) {
    root.querySelectorAll(".prose-editor-dialog-field option").forEach((option) => {
      if (Object.hasOwn(CHOICES, option.value) && option.text === option.value) {
        option.setAttribute("value", option.value); // the value stays when the text changes
        option.text = CHOICES[option.value];
      }
    });
  }

  function translateMenus(root) {
    root.querySelectorAll(".prose-menubar__button, [class*='prose-menubar'] [title]").forEach(
      translateElement,
    );
    root.querySelectorAll(".prose-menubar__option").forEach(translateOption);
  }

  function start() {
    translateMenus(document);
    // Menus are built when an editor starts (also in articles added later) and their
    // titles reset as the selection moves: translate whatever the editor writes.
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        if (mutation.type === "attributes") {
          translateElement(mutation.target);
        } else {
          for (const node of mutation.addedNodes) {
            if (node.nodeType === Node.ELEMENT_NODE) {
              translateElement(node);
              translateMenus(node);
              translateChoices(node);
              if (node.matches(".prose-menubar__option")) translateOption(node);
            }
          }
        }
      }
    }).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ATTRIBUTES,
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
