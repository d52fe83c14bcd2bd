// Photos go into the article body as in Word: the menu's upload button, or an
// image file pasted or dropped into the text. Each file is posted to the page's
// upload address (data-body-image-upload, set by the issue admin and the report
// form), which checks and stores it and answers with the address to show it
// at; it becomes a figure with a caption to type. Pasted text and HTML are
// left to the other paste handlers (bulletin-paste.js).
import { crel, Extension, Plugin } from "django-prose-editor/editor"

const gettext = window.gettext || ((text) => text)

function uploadAddress(editor) {
  const holder =
    editor.options.element.closest("[data-body-image-upload]") ||
    document.querySelector("[data-body-image-upload]")
  return holder ? holder.dataset.bodyImageUpload : null
}

function csrfToken(editor) {
  const form = editor.options.element.closest("form") || document
  const input = form.querySelector("input[name=csrfmiddlewaretoken]")
  return input ? input.value : ""
}

// One line above the editor says what happens to the upload and why one was refused.
function showMessage(editor, text, isError) {
  const wrapper = editor.options.element.closest(".prose-editor") || editor.options.element
  let message = wrapper.parentElement.querySelector(":scope > .bulletin-images-message")
  if (!message) {
    message = crel("p", { className: "bulletin-images-message", role: "status" })
    wrapper.before(message)
  }
  message.textContent = text
  // errornote is the admin's red box, field-error the portal form's red line.
  message.classList.toggle("errornote", Boolean(isError))
  message.classList.toggle("field-error", Boolean(isError))
  message.hidden = !text
}

async function upload(editor, file) {
  const address = uploadAddress(editor)
  if (!address) {
    showMessage(editor, gettext("Photos cannot be uploaded on this page."), true)
    return null
  }
  const data = new FormData()
  data.append("image", file, file.name || "image")
  showMessage(editor, gettext("Uploading the photo…"), false)
  let answer
  try {
    const response = await fetch(address, {
      method: "POST",
      body: data,
      headers: { "X-CSRFToken": csrfToken(editor) },
      credentials: "same-origin",
    })
    answer = await response.json().catch(() => ({}))
    if (!response.ok || !answer.src) {
      showMessage(editor, answer.error || gettext("The photo could not be uploaded."), true)
      return null
    }
  } catch {
    showMessage(editor, gettext("The photo could not be uploaded: no connection."), true)
    return null
  }
  showMessage(editor, "", false)
  return answer.src
}

function figure(src) {
  return {
    type: "figure",
    content: [{ type: "image", attrs: { src, alt: "" } }, { type: "caption" }],
  }
}

async function insertFiles(editor, files, position) {
  for (const file of files) {
    const src = await upload(editor, file)
    if (!src) return
    const chain = editor.chain().focus()
    if (position === null) {
      chain.insertContent(figure(src)).run()
    } else {
      chain.insertContentAt(position, figure(src)).run()
      position = null // the next file follows the one just inserted
    }
  }
}

function filesOf(transfer) {
  return Array.from((transfer && transfer.files) || [])
}

export const BulletinImages = Extension.create({
  name: "bulletinImages",

  addMenuItems({ buttons, menu }) {
    const editor = this.editor
    menu.defineItem({
      name: "uploadImage",
      groups: "nodes",
      button: buttons.material("add_photo_alternate", gettext("Upload a photo")),
      active: () => false,
      enabled: (editor) => editor.isEditable,
      command() {
        const input = crel("input", { type: "file", accept: "image/jpeg,image/png,image/gif,image/webp" })
        input.addEventListener("change", () => insertFiles(editor, filesOf(input), null))
        input.click()
      },
    })
  },

  addProseMirrorPlugins() {
    const editor = this.editor
    return [
      new Plugin({
        props: {
          // A pasted file (a screenshot, a photo copied in the file manager).
          // Word's and web pages' HTML carries a picture of the text as a file
          // too: with HTML present, the paste is text.
          handlePaste(view, event) {
            const transfer = event.clipboardData
            const files = filesOf(transfer)
            if (!files.length || transfer.types.includes("text/html")) return false
            event.preventDefault()
            insertFiles(editor, files, null)
            return true
          },
          handleDrop(view, event, slice, moved) {
            const files = filesOf(event.dataTransfer)
            if (moved || !files.length) return false
            event.preventDefault()
            const at = view.posAtCoords({ left: event.clientX, top: event.clientY })
            insertFiles(editor, files, at ? at.pos : null)
            return true
          },
        },
      }),
    ]
  },
})
