"""Strings of installed packages that ship no Simplified Chinese translation.

(Their JavaScript strings are in third_party_strings.js.)

Listed here so that `makemessages` copies them into locale/zh_Hans, where
their translations live; the project's catalog takes precedence over the
packages' own. Nothing imports this module.
"""

from django.utils.translation import gettext_noop

STRINGS = [
    # Django 5.2's admin (new strings its zh_Hans catalog lacks).
    gettext_noop("Model name"),
    gettext_noop("Error:"),
    gettext_noop("Hold down “Control”, or “Command” on a Mac, to select more than one."),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. "
        "If disabled, they may still be able to authenticate using other backends, "
        "such as Single Sign-On or LDAP."
    ),
    # django-reversion: its app's name, which its shipped catalog lacks.
    gettext_noop("Reversion"),
    # django-axes: log-in throttling.
    gettext_noop("Access Attempt"),
    gettext_noop("Access lock out"),
    gettext_noop("Account locked: too many login attempts. Please try again later."),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Attempt Time"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Expires At"),
    gettext_noop("Failed Logins"),
    gettext_noop("Form Data"),
    gettext_noop("GET Data"),
    gettext_noop("HTTP Accept"),
    gettext_noop("IP Address"),
    gettext_noop("Locked Out"),
    gettext_noop("Logout Time"),
    gettext_noop("Meta Data"),
    gettext_noop("Not set"),
    gettext_noop("POST Data"),
    gettext_noop("Path"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("User Agent"),
    gettext_noop("Username"),
    gettext_noop("access attempt"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    # django-tasks-db: the queue behind the mails.
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
]
