"""What the browser tests share: a page signed in to the admin or the portal, a workflow step."""

import re

# Debian's Chromium, headless; no background traffic (this machine has no network).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Every test account's password (tests/conftest.py).
PASSWORD = "pw"


def _signed_in(
    browser, live_server, username, *, login_path, submit, landing, timeout, **context_options
):
    page = browser.new_context(locale="zh-CN", **context_options).new_page()
    page.set_default_timeout(timeout)
    page.goto(f"{live_server.url}{login_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click(submit)
    page.wait_for_url(re.compile(landing))
    return page


def logged_in(browser, live_server, username, *, timeout=15_000, **context_options):
    """A page of a new browser context, signed in to the admin as `username`."""
    return _signed_in(
        browser,
        live_server,
        username,
        login_path="/admin/login/",
        submit="input[type=submit]",
        landing=r"/admin/$",
        timeout=timeout,
        **context_options,
    )


def portal_page(browser, live_server, username, *, timeout=15_000, **context_options):
    """A page of a new browser context, signed in to the portal as `username`."""
    return _signed_in(
        browser,
        live_server,
        username,
        login_path="/accounts/login/",
        submit="form [type=submit]",
        landing=r"/$",
        timeout=timeout,
        **context_options,
    )


def take_step(page, step, comment=None):
    """Take a workflow step from the issue's change form, with its comment, and confirm it."""
    page.click(f"a.workflow-{step}")
    if comment is not None:
        page.fill("textarea[name=comment]", comment)
    page.click("input[name=confirm]")
    page.wait_for_selector(".messagelist")
