// The article editor's block menu names the heading levels as Chinese official
// documents do (GB/T 9704): h2 一、 in 黑体, h3 （一） in 楷体, h4 1. in bold
// 仿宋, h5 （1）. It also brings the editor's styles for headings and tables.
import { crel, Extension } from "django-prose-editor/editor"

const gettext = window.gettext || ((text) => text)

const LEVELS = {
  2: [gettext("Level 1 heading"), gettext("一、 Hei")],
  3: [gettext("Level 2 heading"), gettext("（一） Kai")],
  4: [gettext("Level 3 heading"), gettext("1. bold FangSong")],
  5: [gettext("Level 4 heading"), gettext("（1）")],
}

const stylesheet = new URL("./bulletin-editor.css", import.meta.url).href
if (!document.querySelector(`link[href="${stylesheet}"]`)) {
  document.head.append(crel("link", { rel: "stylesheet", href: stylesheet }))
}

export const BulletinHeadings = Extension.create({
  name: "bulletinHeadings",

  // Runs after the menu's default items, so these replace "Heading 2" … "Heading 5".
  addMenuItems({ buttons, menu }) {
    const heading = this.editor.extensionManager.extensions.find(
      (extension) => extension.name === "heading",
    )
    for (const level of heading ? heading.options.levels : []) {
      if (!LEVELS[level]) continue
      const [name, style] = LEVELS[level]
      const label = `${name}（${style}）`
      menu.defineItem({
        name: `heading${level}`,
        groups: "blockType nodes headings",
        button: buttons.text(name, label),
        option: crel(`h${level}`, { textContent: label }),
        active: (editor) => editor.isActive("heading", { level }),
        command(editor) {
          editor.chain().focus().toggleHeading({ level }).run()
        },
      })
    }
  },
})
