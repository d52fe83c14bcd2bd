"""Django's own messages that this project translates differently (locale/ wins over Django's).

Listed here so that makemessages keeps them in locale/zh_Hans/LC_MESSAGES/django.po.
"""

from django.utils.translation import gettext_noop

RETRANSLATED = [
    # Django's Chinese says 不允许是用空字符串 ("empty strings are not allowed"): a NUL
    # character is something else, and usually pasted in by accident.
    gettext_noop("Null characters are not allowed."),
]
