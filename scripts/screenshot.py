"""Takes screenshots of pages of a running Bulletin Office in headless Chromium.

    python scripts/screenshot.py http://127.0.0.1:8000 editor PASSWORD \
        /admin/issues/issue/=issues.png /admin/issues/issue/1/change/=issue.png

Each PATH=FILE pair is opened after logging in as the given user.
Add `@390` after FILE for a phone-width screenshot.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main(base_url: str, username: str, password: str, *targets: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        # The portal's log-in page serves staff and recipients alike.
        page.goto(f"{base_url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("form [type=submit]")
        for target in targets:
            path, _, output = target.rpartition("=")  # a path may hold a query string
            output, _, width = output.partition("@")
            page.set_viewport_size({"width": int(width or 1400), "height": 900})
            page.goto(f"{base_url}{path}")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(Path(output)), full_page=True)
            print(f"{path} -> {output}")
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
