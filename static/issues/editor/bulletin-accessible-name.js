// The editor's editable body is a textbox with no name of its own (axe-core):
// it takes its field's label, as the textarea it stands for would.
import { Extension } from "django-prose-editor/editor"

export const BulletinAccessibleName = Extension.create({
  name: "bulletinAccessibleName",

  onCreate() {
    const body = this.editor.view.dom
    const textarea = body.closest(".prose-editor")?.querySelector("textarea")
    const label =
      textarea?.id && document.querySelector(`label[for="${CSS.escape(textarea.id)}"]`)
    const name = label ? label.textContent.replace(/[:：]\s*$/, "").trim() : ""
    if (name) body.setAttribute("aria-label", name)

    // The menu greys out a button it cannot use (undo with nothing to undo) by
    // a class alone; aria-disabled tells assistive technology, and axe-core,
    // that it is inactive, not text too faint to read.
    // Watched on the whole editor: the menu may be built after this extension.
    const container = body.closest(".prose-editor")
    if (!container) return
    const mark = () => {
      for (const button of container.querySelectorAll(".prose-menubar__button")) {
        const inactive = button.classList.contains("disabled")
        if ((button.getAttribute("aria-disabled") === "true") !== inactive) {
          button.setAttribute("aria-disabled", String(inactive))
        }
      }
    }
    mark()
    new MutationObserver(mark).observe(container, {
      subtree: true,
      attributes: true,
      childList: true,
      attributeFilter: ["class"],
    })
  },
})
