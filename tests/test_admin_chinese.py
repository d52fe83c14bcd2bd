"""Every admin page a role can reach reads in Chinese: no English word of 3+ letters.

The crawl signs in as each role, follows every link of the admin it is shown
(changelists, their filters, add and change forms, history, deletion) and
visits the workflow's own pages for issues of every state; the visible text
of each page (text, button labels, placeholders, titles) is checked against
a short allow-list. tests/test_admin_chinese_browser.py opens the editor's
menus in Chromium, whose text only JavaScript makes.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from issues import services
from issues.models import Issue, Series
from organisations.models import Contact, Organisation, Recipient, Role
from portal.models import Receipt
from tests.portal_fixtures import make_recipient

# Names that stay as they are (English: the language switch, named in its own language;
# xlsx: the spreadsheet format, like CSV);
# e-mail addresses, web addresses and the users' names are left out too.
ALLOWED = {"PDF", "Word", "CSV", "xlsx", "Atom", "docx", "English"}
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
# E-mail and web addresses, file names, the password hash's masked summary (ab12****),
# and django-axes' record of a request header the browser did not send (stored data).
NOT_WORDS = re.compile(
    r"[\w.+-]+@[\w-]+(\.[\w-]+)+|https?://\S+|\S+\.(pdf|docx)\b|\w*\*{4,}|<unknown>"
)
# Django writes these alt texts of its yes/no icons in English, whatever the language.
BOOLEAN_ICONS = re.compile(r"/admin/img/icon-(yes|no|unknown)\.svg")
SKIPPED_TAGS = {"script", "style", "template", "noscript"}
VOID_TAGS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class VisibleText(HTMLParser):
    """The text a reader sees: text nodes, button values, placeholders, titles, alt texts."""

    def __init__(self):
        super().__init__()
        self.parts = []
        self.hidden_depth = 0
        self.stack = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        hidden = (
            tag in SKIPPED_TAGS
            # Material icons are glyphs drawn from their ligature names (format_bold…).
            or "material-icons" in (attributes.get("class") or "")
            or "hidden" in attributes
        )
        if tag not in VOID_TAGS:
            self.stack.append(hidden)
            self.hidden_depth += hidden
        if self.hidden_depth:
            return
        for name in ("title", "placeholder", "aria-label", "alt"):
            if name == "alt" and BOOLEAN_ICONS.search(attributes.get("src") or ""):
                continue
            if attributes.get(name):
                self.parts.append(attributes[name])
        if tag == "input" and attributes.get("type") in {"submit", "button"}:
            self.parts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag in VOID_TAGS or not self.stack:
            return
        self.hidden_depth -= self.stack.pop()

    def handle_data(self, data):
        if not self.hidden_depth:
            self.parts.append(data)


def english_words(html: str, names: set[str]) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    text = NOT_WORDS.sub(" ", " ".join(parser.parts))
    return {
        word for word in ENGLISH_WORD.findall(text) if word not in ALLOWED and word not in names
    }


ADMIN_LINK = re.compile(r'href="(/admin/[^"#]*)"')
# Links that leave the pages to be read or change something on a GET.
NOT_FOLLOWED = re.compile(r"/logout/|/pdf-preview/|/official-pdf/|/jsi18n/|\?_popup|/r/\d+/")
MAX_PAGES_PER_ROLE = 400


def crawl(client, start_urls, names):
    """Every admin page reachable from `start_urls`; {url: English words} for those with any."""
    seen, queue, found = set(), list(start_urls), {}
    while queue and len(seen) < MAX_PAGES_PER_ROLE:
        url = queue.pop(0)
        key = _without_sorting(url)
        if key in seen or NOT_FOLLOWED.search(url):
            continue
        seen.add(key)
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        words = english_words(html, names)
        if words:
            found[url] = sorted(words)
        queue += [link.replace("&amp;", "&") for link in ADMIN_LINK.findall(html)]
    return found, seen


def _without_sorting(url: str) -> str:
    # A changelist sorted or filtered another way is the same page of words; one is enough.
    parts = urlsplit(url)
    return parts.path + ("?filtered" if parts.query and "q=" not in parts.query else "")


@pytest.fixture
def office(
    make_issue,
    move_issue_to,
    fake_pdf,
    editor,
    approver,
    superuser,
    distribution_list,
    django_capture_on_commit_callbacks,
):
    """Issues of every state, an organisation with a contact and a recipient account, mails."""
    organisation = Organisation.objects.create(name="上海市邮政管理局", short_name="上海局")
    Contact.objects.create(organisation=organisation, name="王明", email="wang@example.org")
    Recipient.objects.create(
        distribution_list=distribution_list, role=Role.SEND, organisation=organisation
    )
    reader = make_recipient("reader", organisation)
    issues = {}
    for status in Issue.Status.values:
        issue = make_issue()
        with django_capture_on_commit_callbacks(execute=True):
            issues[status] = move_issue_to(issue, status)
    returned = services.submit(make_issue(), editor)
    services.return_to_draft(returned, approver, "请核对日期")
    Receipt.objects.create(
        issue=issues[Issue.Status.PUBLISHED], organisation=organisation, user=reader
    )
    return issues


def workflow_pages(issues):
    """The pages only buttons lead to: confirmations of each step, the Word import, 补发."""
    urls = []
    for issue in issues.values():
        for step in ["submit", "withdraw", "return", "sign-off", "publish", "revoke"]:
            urls.append(reverse("admin:issues_issue_transition", args=[issue.pk, step]))
        urls.append(reverse("admin:issues_issue_import_word", args=[issue.pk]))
        urls.append(reverse("admin:issues_issue_reissue", args=[issue.pk]))
        urls.append(reverse("admin:issues_issue_history", args=[issue.pk]))
        urls.append(reverse("admin:issues_issue_delete", args=[issue.pk]))
    return urls


@pytest.mark.parametrize("role", ["editor", "approver", "superuser"])
def test_every_admin_page_of_each_role_is_in_chinese(client, request, office, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    # Names the office typed: users' names and the series' short codes (in web addresses).
    names = set(User.objects.values_list("username", flat=True))
    names |= set(Series.objects.values_list("slug", flat=True))
    start = [
        reverse("admin:index"),
        reverse("admin:password_change"),
        reverse("admin:issues_issue_changelist") + "?q=2026",
        *workflow_pages(office),
    ]
    found, seen = crawl(client, start, names)
    # A form sent with mistakes: its messages, and the page title's 错误.
    refused = client.post(
        reverse("admin:issues_issue_add"),
        {
            "issue_date": "不是日期",
            **{f"articles-{name}": "0" for name in ("TOTAL_FORMS", "INITIAL_FORMS")},
        },
    )
    found.update({"(add, refused)": sorted(english_words(refused.content.decode(), names))})
    found = {url: words for url, words in found.items() if words}
    assert "错误" in refused.content.decode()
    assert len(seen) > 30
    assert not found, "\n".join(f"{url}: {words}" for url, words in found.items())


def test_the_history_names_changed_fields_in_chinese(client, superuser, series):
    client.force_login(superuser)
    change_url = reverse("admin:issues_series_change", args=[series.pk])
    form = client.get(change_url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(compiling_office="上海市快递行业精神文明建设办公室", marks="内部资料")
    assert client.post(change_url, data).status_code == 302
    history = client.get(reverse("admin:issues_series_history", args=[series.pk]))
    html = history.content.decode()
    assert "编印单位" in html
    assert english_words(html, {superuser.username, series.slug}) == set()
