// What is pasted into an article body (text from a PDF, an e-mail, Word, WPS or
// a web page) is cleaned by the server with the bulletin's one rule set
// (issues.text_structure): lines wrapped inside a paragraph joined, headings by
// their numbering, extraction's spaces and full-width indents gone, sanitised.
// The paste goes in as it came first; the cleaned HTML replaces it in a history
// step of its own, so one undo brings the raw paste back. The page names the
// address in a [data-bulletin-paste] element (issue admin, contributor's form).
import { Extension, Plugin, pm } from "django-prose-editor/editor"

const gettext = window.gettext || ((text) => text)
const ngettext = window.ngettext || ((singular, plural, count) => (count === 1 ? singular : plural))
const interpolate =
  window.interpolate ||
  ((format, values) => format.replace(/%\((\w+)\)s/g, (_match, name) => values[name]))

function pasteAddress(element) {
  const holder =
    element.closest("[data-bulletin-paste]") || document.querySelector("[data-bulletin-paste]")
  return holder ? holder.dataset.bulletinPaste : null
}

function csrfToken(element) {
  const form = element.closest("form")
  const input =
    (form && form.querySelector("[name=csrfmiddlewaretoken]")) ||
    document.querySelector("[name=csrfmiddlewaretoken]")
  return input ? input.value : ""
}

// One notice under each editor (inside its frame, which the admin's form row
// lays out as one column), replaced by the next paste's.
function showNotice(view, message, isError) {
  const container = view.dom.closest(".prose-editor") || view.dom.parentElement
  let notice = container.querySelector(":scope > .bulletin-paste-notice")
  if (!notice) {
    notice = document.createElement("p")
    notice.className = "bulletin-paste-notice help"
    notice.setAttribute("role", "status")
    container.append(notice)
  }
  notice.textContent = message
  notice.classList.toggle("errornote", Boolean(isError))
  notice.hidden = !message
}

async function cleaned(url, token, text, html) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": token },
    credentials: "same-origin",
    body: JSON.stringify({ text, html }),
  })
  const answer = await response.json().catch(() => ({}))
  if (!response.ok || typeof answer.html !== "string") {
    throw new Error(answer.error || gettext("The paste could not be cleaned."))
  }
  return answer
}

export const BulletinPaste = Extension.create({
  name: "bulletinPaste",

  addProseMirrorPlugins() {
    return [
      new Plugin({
        props: {
          handlePaste(view, event, slice) {
            const data = event.clipboardData
            // Photos alone are bulletin-images.js's business (Word's HTML brings a
            // picture of its text as a file too: with HTML, the paste is text).
            if (!data || (data.files.length && !data.types.includes("text/html"))) return false
            const text = data.getData("text/plain")
            const html = data.getData("text/html")
            const url = pasteAddress(view.dom)
            if (!url || !(text.trim() || html.trim())) return false

            const start = view.state.selection.from
            const raw = view.state.tr.replaceSelection(slice).scrollIntoView()
            raw.setMeta("paste", true).setMeta("uiEvent", "paste")
            view.dispatch(raw)
            const from = raw.mapping.map(start, -1)
            const to = view.state.selection.to
            const pasted = view.state.doc

            cleaned(url, csrfToken(view.dom), text, html)
              .then((answer) => {
                // The writer went on meanwhile: their paste stays as they see it.
                if (view.isDestroyed || view.state.doc !== pasted) return
                // Parsed as the editor parses a paste (an open slice), so a line
                // pasted into a sentence stays in it.
                const template = document.createElement("template")
                template.innerHTML = answer.html
                const parser = pm.model.DOMParser.fromSchema(view.state.schema)
                const tr = view.state.tr.replaceRange(from, to, parser.parseSlice(template.content))
                pm.history.closeHistory(tr) // its own undo step, after the raw paste's
                view.dispatch(tr.scrollIntoView())
                const message = answer.joined
                  ? interpolate(
                      ngettext(
                        "Joined %(count)s line break; undo to get the paste back as it was.",
                        "Joined %(count)s line breaks; undo to get the paste back as it was.",
                        answer.joined,
                      ),
                      { count: answer.joined },
                      true,
                    )
                  : ""
                showNotice(view, message, false)
              })
              .catch((error) =>
                showNotice(
                  view,
                  `${error.message} ${gettext("The paste is kept as it came.")}`,
                  true,
                ),
              )
            return true
          },
        },
      }),
    ]
  },
})
