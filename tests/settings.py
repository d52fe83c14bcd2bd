"""The project's settings with development defaults, for the test suite.

Production hardening (HTTPS redirect, manifest static files) is checked
separately, by `check --deploy` with DEBUG off.
"""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")

from bulletin_office.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast test logins

# Queued mails are sent as soon as their transaction commits; tests/test_notices.py
# runs the database queue and its worker as production does.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SITE_URL = "http://testserver.example"
