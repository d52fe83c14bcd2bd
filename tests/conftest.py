"""Shared fixtures: users in each role, a series with its distribution list, issues.

A test module's own fixture of the same name wins over these.
"""

import contextlib
import datetime
import shutil

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.db import connections

from issues import roles, services
from issues.models import Article, Issue, Series
from organisations.models import DistributionList, Recipient, Role
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS

# The portal tests' organisations, recipient accounts and published issues;
# the contributions tests' contributors and reports; the signing certificates.
pytest_plugins = ["tests.portal_fixtures", "tests.contributions_support", "tests.signing_fixtures"]


@pytest.fixture(autouse=True)
def media_in_tmp_path(settings, tmp_path):
    """Files stored by a test (official PDFs, uploads) go to its own folder, not data/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a cached list must not outlive its test's data."""
    cache.clear()


@pytest.fixture
def make_user(db):
    def make(username, group_name=None, **fields):
        fields.setdefault("email", f"{username}@example.org")
        user = User.objects.create_user(username, password="pw", is_staff=True, **fields)
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


@pytest.fixture
def editor(make_user):
    return make_user("editor", roles.EDITORS)


@pytest.fixture
def other_editor(make_user):
    return make_user("editor2", roles.EDITORS)


@pytest.fixture
def approver(make_user):
    return make_user("approver", roles.APPROVERS)


@pytest.fixture
def other_approver(make_user):
    return make_user("approver2", roles.APPROVERS)


@pytest.fixture
def superuser(make_user):
    return make_user("admin", is_superuser=True)


@pytest.fixture
def staff_without_role(make_user):
    return make_user("clerk")


@pytest.fixture
def distribution_list(db):
    distribution_list = DistributionList.objects.create(name="报送名单")
    for position, (role, name) in enumerate(
        [
            (Role.REPORT, "上海市精神文明建设委员会"),
            (Role.SEND, "上海市快递行业协会"),
            (Role.ISSUE, "各快递企业"),
        ],
        start=1,
    ):
        Recipient.objects.create(
            distribution_list=distribution_list, role=role, free_text=name, position=position
        )
    return distribution_list


@pytest.fixture
def series(db, distribution_list):
    """The seeds' series: its first issue signed off here is 总第290期."""
    return Series.objects.create(
        title="上海市快递行业 精神文明创建工作简报",
        slug="shanghai",
        compiling_office="上海市快递行业精神文明创建办公室",
        default_distribution_list=distribution_list,
        cumulative_number_start=289,
    )


@pytest.fixture
def make_issue(series, editor):
    """A complete draft (ready to submit), created by `editor` unless told otherwise."""

    def make(articles=2, **fields):
        fields.setdefault("series", series)
        fields.setdefault("issue_date", datetime.date(2026, 3, 2))
        fields.setdefault("distribution_list", fields["series"].default_distribution_list)
        fields.setdefault("created_by", editor)
        issue = Issue.objects.create(**fields)
        for position in range(1, articles + 1):
            Article.objects.create(
                issue=issue,
                position=position,
                headline=f"第{position}篇",
                body=f"<p>第{position}篇的正文。</p>",
            )
        return issue

    return make


@pytest.fixture
def fake_pdf(monkeypatch):
    """Replaces the WeasyPrint renderer with a fast one; lists the issues it rendered.

    The fake PDF names the issue line, so tests can tell what was rendered.
    """
    rendered = []

    def render(issue, *, draft=None):
        rendered.append(issue.issue_line)
        return f"%PDF-1.7 fake {issue.issue_line}".encode()

    monkeypatch.setattr("issues.pdf.render.render_issue_pdf", render)
    return rendered


@pytest.fixture
def move_issue_to(editor, approver, superuser):
    """Takes a draft through the workflow to `status`, by `editor`, `approver` and `superuser`."""

    def move(issue, status):
        if status == Issue.Status.DRAFT:
            return issue
        services.submit(issue, editor)
        if status == Issue.Status.IN_REVIEW:
            return issue
        services.sign_off(issue, approver)
        if status == Issue.Status.SIGNED_OFF:
            return issue
        services.publish(issue, approver)
        if status == Issue.Status.PUBLISHED:
            return issue
        return services.revoke(issue, superuser, "重复印发")

    return move


# --- Headless Chromium, for the browser tests ---------------------------------


@contextlib.contextmanager
def headless_chromium(monkeypatch):
    """Debian's Chromium under Playwright, for as long as the block lasts."""
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="Playwright for Python is not installed (pip install playwright)",
    )
    if not shutil.which(CHROMIUM):
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    # The sync Playwright API runs an event loop in this thread; Django's ORM,
    # used by the test alongside, would otherwise refuse to run.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # Inside Playwright's loop the test's ORM calls get their own connection;
        # close it here, or PostgreSQL cannot drop the test database.
        connections.close_all()


@pytest.fixture
def browser(monkeypatch):
    with headless_chromium(monkeypatch) as chromium:
        yield chromium
