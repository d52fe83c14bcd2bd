// Strings of Django 5.2's admin JavaScript that its zh_Hans catalog lacks (the
// two-list selector of groups and permissions). Listed so that
// `makemessages -d djangojs` copies them into locale/zh_Hans/djangojs.po, where
// their translations live; never loaded.
"use strict";
[
  gettext('Choose %s by selecting them and then select the "Choose" arrow button.'),
  gettext("Choose all %s"),
  gettext("Choose selected %s"),
  gettext("Remove selected %s"),
  gettext('Remove %s by selecting them and then select the "Remove" arrow button.'),
  gettext("(click to clear)"),
  gettext("Remove all %s"),
];
