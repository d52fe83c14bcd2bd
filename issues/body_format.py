"""What an article body may hold: the editor offers it, the sanitiser keeps nothing else.

issues.editor configures its field with these extensions and issues.sanitizer
derives its allow-list from them; the editor imports the sanitiser, never the
other way round.
"""

# The formatting an official bulletin uses, and nothing else: paragraphs, bold,
# the four heading levels of GB/T 9704 (一、 （一） 1. （1） as h2–h5, named so in
# the block menu by BulletinHeadings), lists, tables and images with captions
# (uploaded, pasted or dropped as files through BulletinImages).
# BulletinPaste cleans what is pasted by issues.text_structure's rules;
# BulletinAccessibleName names the editable body after its field's label.
BODY_EXTENSIONS = {
    "Bold": True,
    "Heading": {"levels": [2, 3, 4, 5]},
    "BulletinHeadings": True,
    "BulletinPaste": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "Figure": True,
    "Caption": True,
    "Image": True,
    "BulletinImages": True,
    "BulletinAccessibleName": True,
    "HardBreak": True,
    "History": True,
}
