"""The recipient portal from the outside: who sees what, downloads, receipts, filters."""

import datetime
import hashlib

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.http import http_date

from issues import roles
from issues.models import Issue, Series
from organisations.models import Organisation
from portal import selectors, services
from portal.models import Receipt
from portal.views import CappedCountPaginator
from portal.widgets import PlainSelect
from tests.portal_fixtures import feed_path, issue_path, make_published_issue, make_recipient

Status = Issue.Status
VIEWERS = ["anonymous", "other_recipient", "recipient", "staff"]


@pytest.fixture
def as_viewer(client, request):
    """A client logged in as the named viewer (anonymous: not logged in)."""

    def log_in(viewer):
        if viewer != "anonymous":
            client.force_login(request.getfixturevalue(viewer))
        return client

    return log_in


# --- Who sees what ----------------------------------------------------------


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [("anonymous", 404), ("other_recipient", 404), ("recipient", 200), ("staff", 200)],
)
@pytest.mark.parametrize("suffix", ["", "pdf/", "feed"])
def test_restricted_issue_is_seen_by_its_recipients_and_staff_only(
    as_viewer, restricted_issue, viewer, expected, suffix
):
    client = as_viewer(viewer)
    path = (
        feed_path(restricted_issue.series)
        if suffix == "feed"
        else issue_path(restricted_issue, suffix)
    )
    assert client.get(path).status_code == expected


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("suffix", ["", "pdf/", "feed"])
def test_public_series_is_seen_by_everyone(as_viewer, public_series, bureau, viewer, suffix):
    issue = make_published_issue(public_series, recipients=(bureau,))
    client = as_viewer(viewer)
    path = feed_path(public_series) if suffix == "feed" else issue_path(issue, suffix)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("status", [Status.SIGNED_OFF, "scheduled"])
@pytest.mark.parametrize("series_fixture", ["restricted_series", "public_series"])
def test_issues_not_yet_published_answer_404_to_everyone(
    as_viewer, request, bureau, viewer, status, series_fixture
):
    series = request.getfixturevalue(series_fixture)
    if status == "scheduled":
        issue = make_published_issue(
            series, recipients=(bureau,), published_at=timezone.now() + datetime.timedelta(hours=2)
        )
    else:
        issue = make_published_issue(series, recipients=(bureau,), status=status)
    client = as_viewer(viewer)
    for path in (issue_path(issue), issue_path(issue, "pdf/")):
        assert client.get(path).status_code == 404, path
    assert issue_path(issue) not in client.get("/").content.decode()


def test_drafts_and_issues_in_review_are_never_listed(client, staff, restricted_series):
    Issue.objects.create(series=restricted_series, issue_date=datetime.date(2020, 1, 1))
    Issue.objects.create(
        series=restricted_series,
        issue_date=datetime.date(2020, 1, 2),
        year=2020,
        number=5,
        cumulative_number=5,
    )
    client.force_login(staff)
    assert client.get("/2020/5/".join(["/wenming", ""])).status_code == 404
    assert selectors.issues_visible_to(staff).count() == 0
    assert client.get("/").context["page"].paginator.count == 0


def test_scheduled_issue_appears_exactly_at_its_publish_time(
    client, recipient, restricted_series, bureau, monkeypatch
):
    publish_at = timezone.now() + datetime.timedelta(days=1)
    issue = make_published_issue(restricted_series, recipients=(bureau,), published_at=publish_at)
    client.force_login(recipient)
    assert client.get(issue_path(issue)).status_code == 404

    monkeypatch.setattr(timezone, "now", lambda: publish_at - datetime.timedelta(seconds=1))
    assert client.get(issue_path(issue)).status_code == 404
    assert client.get(issue_path(issue, "pdf/")).status_code == 404

    monkeypatch.setattr(timezone, "now", lambda: publish_at)
    assert client.get(issue_path(issue)).status_code == 200
    assert client.get(issue_path(issue, "pdf/")).status_code == 200
    assert issue_path(issue) in client.get("/").content.decode()


def test_revoked_issue_stays_listed_and_says_so(client, recipient, restricted_series, bureau):
    issue = make_published_issue(restricted_series, recipients=(bureau,), status=Status.REVOKED)
    client.force_login(recipient)
    page = client.get(issue_path(issue))
    assert page.status_code == 200
    assert "notice--revoked" in page.content.decode()


def test_free_text_recipients_give_no_one_access(client, restricted_series, bureau):
    """A recipient account of an organisation not on the list, with the list in free text."""
    issue = make_published_issue(restricted_series, recipients=())
    reader = make_recipient("reader", bureau)
    client.force_login(reader)
    assert client.get(issue_path(issue)).status_code == 404


def test_inactive_staff_are_not_staff_for_the_portal(client, restricted_issue):
    ghost = User.objects.create_user("ghost", is_staff=True, is_active=False)
    assert not selectors.issues_visible_to(ghost).exists()


# --- Archive ------------------------------------------------------------------


@pytest.fixture
def archive(restricted_series, public_series, bureau, association):
    """Issues of two years in a restricted and a public series."""
    issues = {}
    for year in (2019, 2020):
        for number in (1, 2, 3):
            issues[year, number] = make_published_issue(
                restricted_series,
                year=year,
                number=number,
                recipients=(bureau,),
                articles=(
                    (
                        f"{year}年第{number}期要闻",
                        f"<p>{year}年快递末端服务第{number}次检查。</p>",
                        (),
                    ),
                    (
                        "爱心校服漂流" if number == 2 else "安全生产",
                        "<p>志愿行动发车仪式。</p>",
                        (association,) if number == 3 else (),
                    ),
                ),
            )
    issues["public"] = make_published_issue(
        public_series, year=2020, number=9, articles=(("公开信息", "<p>公开。</p>", ()),)
    )
    return issues


def listed_paths(response) -> list[str]:
    return [issue_path(issue) for issue in response.context["page"].object_list]


def test_archive_lists_visible_issues_newest_first_with_headlines(client, recipient, archive):
    client.force_login(recipient)
    response = client.get("/")
    assert response.status_code == 200
    issues = list(response.context["page"].object_list)
    assert len(issues) == 7
    dates = [issue.issue_date for issue in issues]
    assert dates == sorted(dates, reverse=True)
    html = response.content.decode()
    assert "2020年第3期要闻" in html
    assert "2020年1月22日" in html  # dates as the Chinese write them


def test_anonymous_archive_shows_public_issues_only(client, archive):
    response = client.get("/")
    assert listed_paths(response) == [issue_path(archive["public"])]
    series_choices = [str(choice) for choice in response.context["filter"].form["series"]]
    assert not any("精神文明" in choice for choice in series_choices)


def test_archive_filters_combine_and_show_in_the_url(client, recipient, archive):
    client.force_login(recipient)
    response = client.get("/", {"year": "2020", "q": "校服", "series": "wenming"})
    assert listed_paths(response) == [issue_path(archive[2020, 2])]
    response = client.get("/", {"q": "检查", "year": "2019"})
    assert len(response.context["page"].object_list) == 3


def test_keyword_matches_headlines_and_bodies(client, recipient, archive):
    client.force_login(recipient)
    assert len(client.get("/", {"q": "爱心校服"}).context["page"].object_list) == 2
    assert len(client.get("/", {"q": "发车仪式"}).context["page"].object_list) == 6
    assert len(client.get("/", {"q": "没有这个词"}).context["page"].object_list) == 0


def test_archive_filters_by_contributing_organisation(client, recipient, archive, association):
    client.force_login(recipient)
    response = client.get("/", {"organisation": association.pk})
    assert sorted(listed_paths(response)) == sorted(
        issue_path(archive[year, 3]) for year in (2019, 2020)
    )


@pytest.mark.parametrize(
    "query",
    [
        {"year": "abc"},
        {"year": "1850"},
        {"series": "no-such-series"},
        {"organisation": "x"},
        {"organisation": "999999"},
        {"q": "字" * 80},
    ],
)
def test_invalid_filter_values_give_a_message_not_an_error(client, recipient, archive, query):
    client.force_login(recipient)
    response = client.get("/", query)
    assert response.status_code == 200
    assert response.context["filter"].form.errors
    assert 'role="alert"' in response.content.decode()
    assert len(response.context["page"].object_list) == 7


@pytest.mark.parametrize("page", ["999", "abc", "0"])
def test_pages_that_do_not_exist_give_a_friendly_404(client, recipient, archive, page):
    client.force_login(recipient)
    response = client.get("/", {"page": page, "year": "2020"})
    assert response.status_code == 404
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "?year=2020" in html  # the way back keeps the filters


def publish_inspection_reports(series, bureau, count):
    """`count` issues of 2021, each with one article headed 检查通报."""
    for number in range(1, count + 1):
        make_published_issue(
            series,
            year=2021,
            number=number,
            recipients=(bureau,),
            articles=(("检查通报", "<p>正文</p>", ()),),
        )


def test_filters_survive_pagination(client, staff, restricted_series, bureau):
    publish_inspection_reports(restricted_series, bureau, 25)
    make_published_issue(restricted_series, year=2022, number=1, recipients=(bureau,))
    client.force_login(staff)
    first = client.get("/", {"year": "2021", "q": "检查"})
    assert len(first.context["page"].object_list) == 20
    assert "?year=2021&amp;q=%E6%A3%80%E6%9F%A5&amp;page=2" in first.content.decode()
    second = client.get("/", {"year": "2021", "q": "检查", "page": "2"})
    assert len(second.context["page"].object_list) == 5


def test_a_search_counts_only_up_to_its_cap(client, staff, restricted_series, bureau, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "count_cap", 3)
    publish_inspection_reports(restricted_series, bureau, 5)
    client.force_login(staff)
    page = client.get("/", {"q": "检查"}).content.decode()
    assert "超过3期，请增加筛选条件缩小范围。" in page
    assert "共5期" in client.get("/").content.decode()  # the unfiltered archive counts all


def test_the_filter_lists_mark_the_choice_and_escape_names():
    html = PlainSelect(choices=[("", "全部"), ("a&b", "<甲>")]).render("f", "a&b", {"id": "id_f"})
    assert html == (
        '<select id="id_f" name="f"><option value="">全部</option>'
        '<option value="a&amp;b" selected>&lt;甲&gt;</option></select>'
    )


def test_the_filters_list_renamed_organisations_and_series_at_once(
    client, staff, archive, restricted_issue, bureau, restricted_series
):
    client.force_login(staff)
    client.get("/")  # the lists are cached now
    newcomer = Organisation.objects.create(name="新成立的快递企业")
    bureau.name = "上海市邮政管理局（更名）"
    bureau.save()
    restricted_series.title = "上海市快递行业 文明创建简报"
    restricted_series.save()
    response = client.get("/", {"organisation": bureau.pk})
    assert not response.context["filter"].form.errors, "the bureau contributed to the archive"
    html = response.content.decode()
    assert "上海市邮政管理局（更名）" in html
    assert "上海市快递行业 文明创建简报" in html
    # An organisation that contributed to no issue is offered to nobody.
    assert newcomer.name not in html


# --- Issue page -----------------------------------------------------------------


def test_issue_page_shows_masthead_articles_recipients_and_download(
    client, recipient, restricted_issue
):
    client.force_login(recipient)
    html = client.get(issue_path(restricted_issue)).content.decode()
    assert "上海市快递行业精神文明创建工作简报" in html
    assert "2020年第26期（总第289期）" in html
    assert "2020年7月20日" in html
    assert "<p>近日，上海市交通委予以表彰。</p>" in html
    assert "报：</dt><dd>上海市邮政管理局</dd>" in html
    assert "送：</dt><dd>上海市快递行业协会</dd>" in html
    assert f'href="{issue_path(restricted_issue, "pdf/")}"' in html
    assert f"{restricted_issue.official_pdf.size}" in html or "字节" in html or "bytes" in html


def test_issue_page_links_previous_and_next_issue_the_viewer_may_see(
    client, recipient, restricted_series, bureau, association
):
    first = make_published_issue(restricted_series, number=1, recipients=(bureau,))
    make_published_issue(restricted_series, number=2, recipients=(association,))
    third = make_published_issue(restricted_series, number=3, recipients=(bureau,))
    client.force_login(recipient)
    page = client.get(issue_path(third)).context["page"]
    assert page.previous.pk == first.pk
    assert page.next is None
    page = client.get(issue_path(first)).context["page"]
    assert page.previous is None
    assert page.next.pk == third.pk


def test_article_bodies_are_sanitised_on_the_way_out(client, staff, restricted_issue):
    # A body stored past Article.save (as a bulk import could) still renders safely.
    restricted_issue.articles.model.objects.filter(pk=restricted_issue.articles.first().pk)
    from django.db.models import QuerySet

    from issues.models import Article

    QuerySet(Article).bulk_create(  # a plain QuerySet: past the freeze guard
        [
            Article(
                issue=restricted_issue,
                position=9,
                headline="x",
                body='<p onclick="evil()">文<script>alert(1)</script></p>',
            )
        ]
    )
    client.force_login(staff)
    html = client.get(issue_path(restricted_issue)).content.decode()
    assert "<script>alert" not in html
    assert "evil()" not in html


def test_a_statistics_table_is_headed_with_its_figures_right_aligned(
    client, staff, restricted_issue
):
    from django.db.models import QuerySet

    from issues.models import Article

    QuerySet(Article).bulk_create(  # past the freeze guard: the issue is published
        [
            Article(
                issue=restricted_issue,
                position=9,
                headline="统计",
                body="<table><tbody>"
                "<tr><td><p>区</p></td><td><p>业务量（万件）</p></td></tr>"
                "<tr><td><p>浦东新区</p></td><td><p>1,234.5</p></td></tr>"
                "<tr><td><p>徐汇区</p></td><td><p>—</p></td></tr>"
                "</tbody></table>",
            )
        ]
    )
    client.force_login(staff)
    html = client.get(issue_path(restricted_issue)).content.decode()
    assert "<thead><tr><th><p>区</p></th><th><p>业务量（万件）</p></th></tr></thead>" in html
    assert '<td class="numeric"><p>1,234.5</p></td>' in html
    assert "<td><p>浦东新区</p></td>" in html


# --- Download and receipts --------------------------------------------------------


def test_download_serves_the_stored_official_pdf(client, recipient, restricted_issue):
    client.force_login(recipient)
    response = client.get(issue_path(restricted_issue, "pdf/"))
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == restricted_issue.official_pdf.sha256
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(restricted_issue.official_pdf.size)
    assert response["ETag"] == f'"{restricted_issue.official_pdf.sha256}"'
    assert response["Last-Modified"] == http_date(restricted_issue.published_at.timestamp())
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert "2020%E5%B9%B4%E7%AC%AC26%E6%9C%9F.pdf" in response["Content-Disposition"]
    assert "private" in response["Cache-Control"]


def test_download_answers_conditional_requests_with_304(client, recipient, restricted_issue):
    client.force_login(recipient)
    path = issue_path(restricted_issue, "pdf/")
    etag = f'"{restricted_issue.official_pdf.sha256}"'
    assert client.get(path, headers={"if-none-match": etag}).status_code == 304
    assert client.get(path, headers={"if-none-match": '"other"'}).status_code == 200
    since = http_date(restricted_issue.published_at.timestamp() + 60)
    assert client.get(path, headers={"if-modified-since": since}).status_code == 304
    before = http_date(restricted_issue.published_at.timestamp() - 3600)
    assert client.get(path, headers={"if-modified-since": before}).status_code == 200


def test_first_download_by_an_organisation_is_its_receipt(
    client, recipient, bureau, association, restricted_issue
):
    colleague = make_recipient("bureau-colleague", bureau)
    client.force_login(recipient)
    client.get(issue_path(restricted_issue, "pdf/"))
    client.force_login(colleague)
    client.get(issue_path(restricted_issue, "pdf/"))
    receipt = Receipt.objects.get()
    assert (receipt.issue, receipt.organisation, receipt.user) == (
        restricted_issue,
        bureau,
        recipient,
    )
    status = {line.organisation: line for line in selectors.receipt_status(restricted_issue)}
    assert list(status) == [bureau, association]
    assert status[bureau].received and status[bureau].received_by == "bureau-reader"
    assert status[bureau].roles == ["报 (report to)"] or len(status[bureau].roles) == 1
    assert not status[association].received


def test_views_of_the_page_staff_and_public_readers_leave_no_receipt(
    client, staff, recipient, public_series, restricted_issue, outsider_organisation
):
    # Where the series does not count reading as receipt (tests/test_receipts.py: where it does).
    Series.objects.update(receipt_on_reading=False)
    client.force_login(recipient)
    client.get(issue_path(restricted_issue))
    client.head(issue_path(restricted_issue, "pdf/"))
    client.force_login(staff)
    client.get(issue_path(restricted_issue, "pdf/"))
    public_issue = make_published_issue(public_series, recipients=(outsider_organisation,))
    client.force_login(recipient)
    client.get(issue_path(public_issue, "pdf/"))
    assert not Receipt.objects.exists()


def test_receipt_reminders_go_to_members_of_organisations_still_waiting(
    make_user, recipient, association, restricted_issue, django_capture_on_commit_callbacks
):
    waiting = make_recipient("association-reader", association)
    make_recipient("association-no-mail", association, email="")
    services.record_download(
        selectors.issues_visible_to(recipient).get(pk=restricted_issue.pk), recipient
    )
    approver = make_user("approver", roles.APPROVERS)
    with django_capture_on_commit_callbacks(execute=True):
        queued = services.send_receipt_reminders(restricted_issue, approver)
    assert queued == 1
    (message,) = mail.outbox
    assert message.to == [waiting.email]
    assert "2020年第26期" in message.subject
    assert f"http://testserver.example/{restricted_issue.series.slug}/2020/26/" in message.body


def test_only_approvers_send_receipt_reminders(make_user, restricted_issue):
    editor = make_user("editor", roles.EDITORS)
    with pytest.raises(PermissionDenied):
        services.send_receipt_reminders(restricted_issue, editor)
    assert Group.objects.filter(name=roles.APPROVERS).exists()


def test_no_reminders_for_an_issue_not_yet_visible(make_user, restricted_series, bureau):
    issue = make_published_issue(
        restricted_series,
        recipients=(bureau,),
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    with pytest.raises(PermissionDenied):
        services.send_receipt_reminders(issue, make_user("approver", roles.APPROVERS))


# --- Organisation page and CSV ------------------------------------------------------


def test_organisation_page_lists_its_articles_by_issue(client, recipient, archive, association):
    client.force_login(recipient)
    response = client.get(f"/organisations/{association.pk}/")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2
    assert not response.context["can_export"]
    assert (
        client.get(f"/organisations/{association.pk}/", {"year": "2019"})
        .context["page"]
        .paginator.count
        == 1
    )


def test_organisation_page_hides_issues_the_viewer_may_not_see(client, archive, association):
    response = client.get(f"/organisations/{association.pk}/")
    assert response.context["page"].paginator.count == 0


def test_contributions_csv_is_for_staff_with_a_bom(client, staff, recipient, archive, association):
    path = f"/organisations/{association.pk}/articles.csv"
    client.force_login(recipient)
    assert client.get(path).status_code == 404
    client.force_login(staff)
    response = client.get(path, {"year": "2020"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())
    rows = response.content.decode("utf-8-sig").splitlines()
    assert len(rows) == 2
    assert rows[1].startswith("上海市快递行业精神文明创建工作简报,2020,3,")


# --- Feed -------------------------------------------------------------------------------


def test_feed_is_atom_with_the_pdf_as_enclosure(client, recipient, restricted_issue):
    client.force_login(recipient)
    response = client.get(feed_path(restricted_issue.series))
    assert response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert 'rel="enclosure"' in xml
    assert f"http://testserver{issue_path(restricted_issue, 'pdf/')}" in xml
    assert f'length="{restricted_issue.official_pdf.size}"' in xml
    assert 'type="application/pdf"' in xml
    assert "上海市邮政管理局荣获先进单位" in xml


def test_unknown_series_feed_is_404(client, db):
    assert client.get("/no-such-series/feed/").status_code == 404


# --- Log-in, throttling, password ------------------------------------------------------


def test_recipient_logs_in_and_out_on_portal_pages(client, recipient):
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert page.templates[0].name == "registration/login.html"
    response = client.post(
        "/accounts/login/", {"username": "bureau-reader", "password": "pw-收件-2020"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").context["user"] == recipient
    assert client.post("/accounts/logout/").status_code == 302
    assert not client.get("/").context["user"].is_authenticated


@pytest.mark.parametrize("login_path", ["/accounts/login/", "/admin/login/"])
def test_log_in_is_locked_after_five_failures(client, recipient, login_path):
    for _attempt in range(5):
        client.post(login_path, {"username": "bureau-reader", "password": "wrong"})
    response = client.post(login_path, {"username": "bureau-reader", "password": "pw-收件-2020"})
    assert response.status_code == 429
    assert "registration/lockout.html" in [t.name for t in response.templates]
    # Another user from the same address is not locked out.
    other = make_recipient("another-reader", recipient.membership.organisation)
    response = client.post(
        "/accounts/login/", {"username": other.username, "password": "pw-收件-2020"}
    )
    assert response.status_code == 302


def test_lockout_lasts_thirty_minutes(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert datetime.timedelta(minutes=30) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_password_change_needs_a_log_in_and_works(client, recipient):
    response = client.get("/accounts/password/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.force_login(recipient)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "pw-收件-2020",
            "new_password1": "新密码-Bulletin-2021",
            "new_password2": "新密码-Bulletin-2021",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/done/"
    recipient.refresh_from_db()
    assert recipient.check_password("新密码-Bulletin-2021")


def test_admin_logout_and_password_pages_keep_the_admin_templates(admin_client):
    response = admin_client.get("/admin/password_change/")
    assert response.templates[0].name == "registration/password_change_form.html"
    assert any(t.name == "admin/base_site.html" for t in response.templates)
