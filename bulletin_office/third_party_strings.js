// Strings of Django 5.2's admin JavaScript that its zh_Hans catalog lacks (the
// two-list selector of groups and permissions, the calendar). Listed so that
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
  // The calendar's weekday initials, which that catalog leaves as M T W T F S S.
  pgettext("one letter Sunday", "S"),
  pgettext("one letter Monday", "M"),
  pgettext("one letter Tuesday", "T"),
  pgettext("one letter Wednesday", "W"),
  pgettext("one letter Thursday", "T"),
  pgettext("one letter Friday", "F"),
  pgettext("one letter Saturday", "S"),
];
