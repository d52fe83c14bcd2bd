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
  },
})
