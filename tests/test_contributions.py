"""Reports from member organisations: writing, sending, the office's decisions, who sees what."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contributions import services
from contributions.exceptions import ReportError, ReportPermissionDenied
from contributions.models import DeclineReason, Report, ReportEvent
from issues import roles, versions
from issues.models import Article, ArticleImage, Issue, IssueVersion
from organisations.models import Recipient, Role
from tests.contributions_support import make_contributor, report_docx

Status = Report.Status


def form_data(series, **fields):
    data = {
        "series": series.pk,
        "headline": "申通开展安全生产检查",
        "body": "<p>7月15日，申通组织安全检查。</p>",
        "contact_name": "王芳",
        "contact_phone": "021-66668888",
    }
    data.update(fields)
    return data


# --- Writing and sending ---------------------------------------------------------------------


def test_a_contributor_saves_a_draft_then_sends_it(client, series, contributor, editor):
    client.force_login(contributor)
    response = client.post(reverse("contributions:new"), form_data(series, save="1"))
    report = Report.objects.get()
    assert response.status_code == 302
    assert report.status == Status.DRAFT
    assert report.author == contributor
    assert report.organisation == contributor.membership.organisation
    assert not mail.outbox

    with django_capture_commit():
        response = client.post(
            reverse("contributions:edit", args=[report.pk]), form_data(series, submit="1")
        )
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    assert report.submitted_at == report.first_submitted_at
    assert [event.action for event in report.events.all()] == [ReportEvent.Action.SUBMIT]
    # The office's staff who handle reports are told.
    assert [message.to for message in mail.outbox] == [[editor.email]]
    assert "申通开展安全生产检查" in mail.outbox[0].subject


def django_capture_commit():
    """Runs the on-commit callbacks (the mails) of the block, inside the test's transaction."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_sending_an_incomplete_report_keeps_what_was_typed(client, series, contributor):
    client.force_login(contributor)
    response = client.post(
        reverse("contributions:new"),
        form_data(series, contact_name="", contact_phone="", submit="1"),
    )
    assert response.status_code == 200
    assert not Report.objects.exists()
    form = response.context["form"]
    assert set(form.errors) == {"contact_name", "contact_phone"}
    html = response.content.decode()
    assert "申通开展安全生产检查" in html
    assert "7月15日，申通组织安全检查。" in html
    assert "请填写联系电话。" in html and "请填写联系人，以便编辑部联系核实。" in html


def test_a_draft_needs_only_a_headline(client, series, contributor):
    client.force_login(contributor)
    response = client.post(
        reverse("contributions:new"), form_data(series, headline="", body="", save="1")
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["headline"]
    response = client.post(
        reverse("contributions:new"),
        form_data(series, body="", contact_name="", contact_phone="", save="1"),
    )
    assert response.status_code == 302
    assert Report.objects.get().status == Status.DRAFT


def test_a_wrong_phone_number_is_refused(client, series, contributor):
    client.force_login(contributor)
    response = client.post(
        reverse("contributions:new"), form_data(series, contact_phone="打电话给我", submit="1")
    )
    assert list(response.context["form"].errors) == ["contact_phone"]


def test_an_uploaded_word_file_is_kept_when_the_form_is_shown_again(
    client, series, contributor, make_user
):
    client.force_login(contributor)
    upload = SimpleUploadedFile("检查.docx", report_docx("申通开展夏季安全检查"))
    response = client.post(
        reverse("contributions:new"),
        {
            **form_data(series, headline="", body="", contact_phone="", submit="1"),
            "document": upload,
        },
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["contact_phone"]
    form = response.context["form"]
    # The file was read: its headline and text are in the form, its files stored.
    assert form["headline"].value() == "申通开展夏季安全检查"
    assert "夏季安全检查" in form["body"].value()
    assert "已全部整改" in form["body"].value()
    assert "<img" in form["body"].value()
    token = form["document_token"].value()
    assert token

    # Sent again with the phone number and without uploading anything.
    data = {
        **form_data(series, contact_phone="13912345678", submit="1"),
        "headline": form["headline"].value(),
        "body": form["body"].value(),
        "document_token": token,
    }
    response = client.post(reverse("contributions:new"), data)
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.status == Status.SUBMITTED
    assert report.source_document.name.endswith(".docx")
    assert report.source_document.storage.exists(report.source_document.name)
    assert report.images.count() == 1
    image_name = report.images.get().file.name
    assert image_name in report.body
    assert "闵行网点" in report.body  # the table's text (its cells too, where tables are enabled)
    # The office can download the Word file as it was sent; contributors read the text.
    document_url = reverse("admin:contributions_report_document", args=[report.pk])
    client.force_login(make_user("clerk2", roles.EDITORS))
    response = client.get(document_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")


def test_a_document_token_of_another_user_is_ignored(client, series, contributor, shentong):
    other = make_contributor("shentong2", shentong)
    client.force_login(other)
    response = client.post(
        reverse("contributions:new"),
        {
            **form_data(series, contact_phone="", submit="1"),
            "document": SimpleUploadedFile("a.docx", report_docx()),
        },
    )
    token = response.context["form"]["document_token"].value()
    client.force_login(contributor)
    client.post(
        reverse("contributions:new"), {**form_data(series, save="1"), "document_token": token}
    )
    report = Report.objects.get()
    assert not report.source_document
    assert not report.images.exists()


def test_a_file_that_is_not_word_gets_a_chinese_error_and_nothing_is_lost(
    client, series, contributor
):
    client.force_login(contributor)
    response = client.post(
        reverse("contributions:new"),
        {**form_data(series, submit="1"), "document": SimpleUploadedFile("a.docx", b"not a zip")},
    )
    assert response.status_code == 200
    assert not Report.objects.exists()
    assert response.context["form"].errors["document"] == ["“a.docx”不是 Word（.docx）文件。"]
    assert response.context["form"]["headline"].value() == "申通开展安全生产检查"


def test_a_sent_report_can_no_longer_be_changed(client, series, contributor, make_report):
    report = make_report(contributor)
    client.force_login(contributor)
    response = client.post(
        reverse("contributions:edit", args=[report.pk]),
        form_data(series, headline="改过", save="1"),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.headline == "申通开展安全生产检查"
    with pytest.raises(ReportError):
        services.save_report(report, contributor)


# --- The office's decisions ------------------------------------------------------------------


def test_return_and_resubmit(series, contributor, editor, make_report):
    report = make_report(contributor)
    with django_capture_commit():
        services.return_report(report, editor, "请补充检查的网点数量。")
    assert report.status == Status.RETURNED
    assert mail.outbox[-1].to == [contributor.email]
    assert "请补充检查的网点数量" in mail.outbox[-1].body

    with pytest.raises(ReportError):
        services.return_report(report, editor, "again")  # only a submitted report

    report.body = "<p>共检查网点25个。</p>"
    services.save_report(report, contributor, submit=True)
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    assert report.submitted_at > report.first_submitted_at
    events = list(report.events.order_by("at", "pk"))
    assert [(e.action, e.user, e.comment) for e in events] == [
        ("submit", contributor, ""),
        ("return", editor, "请补充检查的网点数量。"),
        ("resubmit", contributor, ""),
    ]


def test_a_return_needs_a_comment(contributor, editor, make_report):
    report = make_report(contributor)
    with pytest.raises(ReportError):
        services.return_report(report, editor, "  ")
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    assert report.events.count() == 1


def test_decline_with_a_standard_reason_in_the_admin(client, contributor, editor, make_report):
    report = make_report(contributor)
    reason = DeclineReason.objects.create(text="内容与本期主题不符")
    client.force_login(editor)
    url = reverse("admin:contributions_report_decline", args=[report.pk])
    response = client.post(url, {"standard_reason": "", "reason": ""})
    assert response.status_code == 200  # neither chosen nor written
    assert Report.objects.get().status == Status.SUBMITTED
    with django_capture_commit():
        response = client.post(url, {"standard_reason": reason.pk, "reason": "可改投下期"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.DECLINED
    event = report.events.first()
    assert (event.action, event.user, event.comment) == (
        "decline",
        editor,
        "内容与本期主题不符；可改投下期",
    )
    assert "内容与本期主题不符" in mail.outbox[-1].body


def test_adopting_makes_a_new_article_at_the_end_of_the_draft(
    client, contributor, editor, make_report, make_issue
):
    issue = make_issue(articles=2)
    report = make_report(contributor, body="<p>检查共发现隐患3处。</p>")
    client.force_login(editor)
    url = reverse("admin:contributions_report_adopt", args=[report.pk])
    page = client.get(url).content.decode()
    assert "2026年3月2日：第1篇（2篇文章）" in page
    assert "[2026年3月2日] 2. 第2篇" in page  # an article to append to
    response = client.post(url, {"issue": issue.pk, "article": "", "comment": "放第三篇"})
    assert response.status_code == 302
    report.refresh_from_db()
    article = report.article
    assert report.status == Status.ADOPTED
    assert (article.issue, article.position, article.headline) == (issue, 3, report.headline)
    assert article.body == "<p>检查共发现隐患3处。</p>"
    assert list(article.organisations.all()) == [contributor.membership.organisation]
    assert report.events.first().comment == "放第三篇"
    assert report.events.first().article == article
    # The issue's own service made the article: the draft's history has the new version.
    latest = IssueVersion.objects.filter(issue=issue).latest("pk")
    assert latest.user == editor
    assert "检查共发现隐患3处" in str(versions.state_of_version(latest).articles[-1].body)


def test_the_adopt_form_names_each_draft_by_date_number_and_lead_headline(
    client, contributor, editor, make_report, make_issue
):
    """Drafts were all "未定日期的草稿期，已有2篇文章": which one is which?"""
    make_issue(articles=0, issue_date=None)
    numbered = make_issue(articles=1, year=2026, number=4, cumulative_number=293)
    numbered.articles.update(headline="申通召开安全生产会议")
    report = make_report(contributor)
    client.force_login(editor)
    url = reverse("admin:contributions_report_adopt", args=[report.pk])
    page = client.get(url).content.decode()
    assert "未定日期：尚无文章（0篇文章）" in page
    assert "2026年3月2日 2026年第4期（总第293期）：申通召开安全生产会议（1篇文章）" in page
    # The lead headlines come with the drafts, in one query, however many drafts.
    queries = _count_queries(client, url)
    for _ in range(3):
        make_issue(articles=2, issue_date=None)
    assert _count_queries(client, url) == queries


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_combined_article_from_two_reports(
    series, contributor, other_contributor, editor, make_report, make_issue
):
    issue = make_issue(articles=0)
    first = make_report(contributor, headline="申通开展消防演练", body="<p>申通的演练。</p>")
    second = make_report(other_contributor, headline="中通开展消防演练", body="<p>中通的演练。</p>")
    article = services.adopt_report(first, editor, issue)
    article.headline = "各企业开展消防演练"
    article.save()
    same = services.adopt_report(second, editor, issue, article=article)
    assert same == article
    article.refresh_from_db()
    assert issue.articles.count() == 1
    assert set(article.reports.all()) == {first, second}
    assert set(article.organisations.values_list("short_name", flat=True)) == {"申通", "中通"}
    assert (
        article.body.index("申通的演练")
        < article.body.index("中通开展消防演练")
        < article.body.index("中通的演练")
    )
    assert article.headline == "各企业开展消防演练"


def test_adoption_only_into_a_draft_and_only_by_the_office(
    contributor, editor, make_report, make_issue, move_issue_to, fake_pdf
):
    issue = move_issue_to(make_issue(), Issue.Status.IN_REVIEW)
    report = make_report(contributor)
    with pytest.raises(ReportError, match=r"草稿|draft"):
        services.adopt_report(report, editor, issue)
    with pytest.raises(ReportPermissionDenied):
        services.adopt_report(report, contributor, issue)
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    assert issue.articles.count() == 2


def test_an_article_of_another_issue_is_refused(contributor, editor, make_report, make_issue):
    issue, other = make_issue(), make_issue()
    report = make_report(contributor)
    with pytest.raises(ReportError):
        services.adopt_report(report, editor, issue, article=other.articles.first())
    assert Article.objects.count() == 4


def test_images_of_an_adopted_report_become_the_article_images(
    client, series, contributor, editor, make_issue
):
    client.force_login(contributor)
    client.post(
        reverse("contributions:new"),
        {**form_data(series, submit="1"), "document": SimpleUploadedFile("a.docx", report_docx())},
    )
    report = Report.objects.get()
    article = services.adopt_report(report, editor, make_issue(articles=0))
    assert [image.file.name for image in article.images.all()] == [
        image.file.name for image in report.images.all()
    ]
    assert ArticleImage.objects.count() == 1


def test_the_contributor_sees_the_issue_numbers_once_published(
    client, contributor, editor, make_report, make_issue, move_issue_to, fake_pdf
):
    issue = make_issue(articles=1)
    report = make_report(contributor)
    services.adopt_report(report, editor, issue)
    client.force_login(contributor)
    page = client.get(reverse("contributions:list")).content.decode()
    assert "已采用" in page and "总第" not in page

    # The bulletin is sent to the organisation (发), so its contributors may read it.
    Recipient.objects.create(
        distribution_list=issue.distribution_list,
        role=Role.ISSUE,
        organisation=contributor.membership.organisation,
        position=9,
    )
    with django_capture_commit():
        move_issue_to(issue, Issue.Status.PUBLISHED)
    issue.refresh_from_db()
    page = client.get(reverse("contributions:detail", args=[report.pk])).content.decode()
    assert "已采用：2026年第1期（总第290期）" in page
    issue_url = reverse("portal:issue", args=[issue.series.slug, 2026, 1])
    assert f'href="{issue_url}"' in page
    published = [m for m in mail.outbox if m.to == [contributor.email]]
    assert "2026年第1期（总第290期）" in published[-1].body


def test_no_link_to_an_issue_the_contributor_may_not_read(
    client, contributor, editor, make_report, make_issue, move_issue_to, fake_pdf
):
    issue = make_issue(articles=1)
    report = make_report(contributor)
    services.adopt_report(report, editor, issue)
    move_issue_to(issue, Issue.Status.PUBLISHED)  # a restricted series, not sent to 申通
    client.force_login(contributor)
    page = client.get(reverse("contributions:list")).content.decode()
    assert "已采用：2026年第1期（总第290期）" in page
    assert reverse("portal:issue", args=[issue.series.slug, 2026, 1]) not in page


# --- Who sees what ---------------------------------------------------------------------------


def test_another_organisation_cannot_see_or_guess_a_report(
    client, series, contributor, other_contributor, make_report
):
    report = make_report(contributor)
    draft = make_report(contributor, headline="草稿", status=Status.DRAFT)
    client.force_login(other_contributor)
    for pk in (report.pk, draft.pk, report.pk + 1000):
        assert client.get(reverse("contributions:detail", args=[pk])).status_code == 404
        assert client.get(reverse("contributions:edit", args=[pk])).status_code == 404
        response = client.post(
            reverse("contributions:edit", args=[pk]), form_data(series, save="1")
        )
        assert response.status_code == 404
    listing = client.get(reverse("contributions:list")).content.decode()
    assert report.headline not in listing
    report.refresh_from_db()
    assert report.headline == "申通开展安全生产检查"
    # Colleagues of the same organisation see it.
    colleague = make_contributor("shentong2", contributor.membership.organisation)
    client.force_login(colleague)
    assert client.get(reverse("contributions:detail", args=[report.pk])).status_code == 200


def test_only_contributors_use_the_report_pages(client, make_user, shentong, reader_of):
    client.get(reverse("contributions:list"))
    assert client.get(reverse("contributions:list")).status_code == 302  # log in first
    client.force_login(reader_of(shentong))  # a recipient account without the role
    assert client.get(reverse("contributions:list")).status_code == 403
    response = client.get(reverse("contributions:new"))
    assert response.status_code == 403
    assert "供稿人" in response.content.decode()


@pytest.fixture
def reader_of(db):
    from django.contrib.auth.models import User

    from organisations.models import Membership

    def make(organisation):
        user = User.objects.create_user("reader", password="pw")
        Membership.objects.create(user=user, organisation=organisation)
        return user

    return make


def test_the_inbox_is_for_staff_only_and_shows_no_drafts(client, contributor, editor, make_report):
    sent = make_report(contributor, headline="已发送的稿件")
    make_report(contributor, headline="未发送的草稿", status=Status.DRAFT)
    inbox = reverse("admin:contributions_report_changelist")
    client.force_login(contributor)
    assert client.get(inbox).status_code == 302  # to the admin's log-in
    step = reverse("admin:contributions_report_adopt", args=[sent.pk])
    assert client.post(step, {}).status_code == 302
    client.force_login(editor)
    page = client.get(inbox).content.decode()
    assert "已发送的稿件" in page and "未发送的草稿" not in page
    assert (
        client.get(reverse("admin:contributions_report_change", args=[sent.pk])).status_code == 200
    )


def test_inbox_filters_and_search(client, contributor, other_contributor, editor, make_report):
    make_report(contributor, headline="申通消防演练")
    make_report(other_contributor, headline="中通安全检查")
    client.force_login(editor)
    inbox = reverse("admin:contributions_report_changelist")
    organisation = other_contributor.membership.organisation
    page = client.get(inbox, {"organisation__id__exact": organisation.pk}).content.decode()
    assert "中通安全检查" in page and "申通消防演练" not in page
    page = client.get(inbox, {"q": "消防"}).content.decode()
    assert "申通消防演练" in page and "中通安全检查" not in page
    page = client.get(inbox, {"status__exact": "adopted"}).content.decode()
    assert "申通消防演练" not in page
    listed = re.findall(r"申通消防演练|中通安全检查", client.get(inbox).content.decode())
    assert listed[0] == "中通安全检查"  # newest first


def test_the_list_page_takes_the_same_queries_for_more_reports(
    client, contributor, make_report, django_assert_max_num_queries
):
    make_report(contributor)
    client.force_login(contributor)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("contributions:list"))
    for number in range(15):
        make_report(contributor, headline=f"稿件{number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("contributions:list"))


def test_a_report_goes_back_to_the_inbox_when_its_article_is_deleted(
    contributor, editor, make_report, make_issue
):
    issue = make_issue(articles=1)
    report = make_report(contributor)
    article = services.adopt_report(report, editor, issue)
    article.delete()
    report.refresh_from_db()
    assert (report.status, report.article) == (Status.SUBMITTED, None)
    event = report.events.first()
    assert (event.action, event.user, event.comment) == ("article_deleted", None, report.headline)
    # The office can adopt it again.
    services.adopt_report(report, editor, issue)
    assert Report.objects.get().status == Status.ADOPTED


def test_the_demo_reports_load_twice_without_doubling(db, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.DEBUG = True
    call_command("load_demo_data", stdout=StringIO())
    call_command("load_demo_reports", stdout=StringIO())
    call_command("load_demo_reports", stdout=StringIO())
    statuses = sorted(Report.objects.values_list("status", flat=True))
    assert statuses == sorted(
        ["adopted", "returned", "declined", "submitted", "draft", "adopted", "submitted"]
    )
    adopted_into = {report.article.issue for report in Report.objects.filter(status="adopted")}
    assert len(adopted_into) == 1 and adopted_into.pop().status == Issue.Status.DRAFT


def test_a_draft_never_sent_can_be_deleted_with_its_files(
    client, series, contributor, other_contributor, make_report
):
    client.force_login(contributor)
    client.post(
        reverse("contributions:new"),
        {**form_data(series, save="1"), "document": SimpleUploadedFile("a.docx", report_docx())},
    )
    draft = Report.objects.get()
    stored = [draft.source_document.name, draft.images.get().file.name]
    storage = draft.source_document.storage
    url = reverse("contributions:delete", args=[draft.pk])
    client.force_login(other_contributor)
    assert client.post(url).status_code == 404
    client.force_login(contributor)
    assert "删除草稿" in client.get(url).content.decode()
    with django_capture_commit():
        assert client.post(url).status_code == 302
    assert not Report.objects.exists()
    assert not any(storage.exists(name) for name in stored)
    # A sent report (or one sent and returned) stays.
    sent = make_report(contributor)
    assert client.post(reverse("contributions:delete", args=[sent.pk])).status_code == 302
    assert Report.objects.filter(pk=sent.pk).exists()
