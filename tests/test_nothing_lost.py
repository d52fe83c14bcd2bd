"""Nothing typed is lost: typing keeps a staff session, a late save is kept, drafts autosave."""

import pytest
from django.urls import reverse

from contributions.models import Report
from desk import services as desk_services
from desk.models import IssueAutosave
from issues import versions
from issues.exceptions import ContentInReview, WorkflowPermissionDenied
from issues.models import Article, Issue
from security.kept_posts import KEPT_POST_MAX_AGE
from security.middleware import StaffIdleTimeoutMiddleware
from security.models import KeptPost
from tests.test_review_admin import change_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_pdf")]

HEARTBEAT = reverse("security:heartbeat")


@pytest.fixture(autouse=True)
def thirty_minutes(settings):
    settings.STAFF_IDLE_TIMEOUT = 30 * 60


def idle_for(client, seconds):
    session = client.session
    session[StaffIdleTimeoutMiddleware.SESSION_KEY] -= seconds
    session.save()


def signed_out(response):
    return response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


# --- The heartbeat ------------------------------------------------------------


def test_typing_keeps_the_session_while_an_unattended_screen_still_times_out(client, editor):
    client.force_login(editor)
    client.get(reverse("admin:index"))
    for _ in range(3):  # an hour and a half of typing, a heartbeat every 29 minutes
        idle_for(client, 29 * 60)
        response = client.post(HEARTBEAT)
        assert response.status_code == 200
        assert response.json()["remaining"] == 30 * 60
    assert client.get(reverse("admin:index")).status_code == 200
    idle_for(client, 31 * 60)  # then nobody touches the screen
    response = client.post(HEARTBEAT)
    assert signed_out(response)
    assert "您因长时间未操作已自动退出，请重新登录" in client.get(response["Location"]).text
    assert "_auth_user_id" not in client.session


def test_the_heartbeat_is_for_staff_and_posted(client, recipient, editor):
    assert client.post(HEARTBEAT).status_code == 403
    client.force_login(recipient)
    assert client.post(HEARTBEAT).status_code == 403
    client.force_login(editor)
    assert client.get(HEARTBEAT).status_code == 405


def test_admin_pages_carry_the_heartbeat_and_its_warning_in_chinese(client, editor):
    client.force_login(editor)
    html = client.get(reverse("admin:index")).text
    assert 'src="/static/security/idle-heartbeat.js' in html
    assert f'data-timeout="{30 * 60}"' in html
    assert "您已长时间未操作，%(minutes)s分钟后将自动退出" in html
    assert "保持登录" in html


# --- A save posted after the session ended --------------------------------------


def test_a_save_after_the_timeout_is_kept_and_shown_only_to_its_user_after_signing_in(
    client, make_issue, editor, other_editor
):
    issue = make_issue(articles=1)
    client.force_login(editor)
    typed = change_form_data(client, issue, headline="超时之后才保存的标题", body="<p>长文</p>")
    idle_for(client, 31 * 60)

    response = client.post(issue.get_admin_url(), typed)
    assert signed_out(response)
    assert "next=" in response["Location"]
    assert "您提交的修改已保留" in client.get(response["Location"]).text  # the sign-in page says so
    assert Article.objects.get(issue=issue).headline == "第1篇"  # nothing applied
    assert KeptPost.objects.filter(user=editor).count() == 1

    client.force_login(other_editor)  # another user at the same computer
    page = client.get(issue.get_admin_url())
    assert "超时之后才保存的标题" not in page.text
    assert KeptPost.objects.filter(user=editor).count() == 1

    client.force_login(editor)
    page = client.get(issue.get_admin_url())
    assert "您的会话已超时，未保存的修改已恢复，请检查后保存" in page.text
    assert "超时之后才保存的标题" in page.text and "长文" in page.text
    assert Article.objects.get(issue=issue).headline == "第1篇"  # shown, not posted
    assert not issue.versions.exists()
    assert not KeptPost.objects.exists()  # given back once

    form = page.context["adminform"].form
    assert client.post(issue.get_admin_url(), form.data).status_code == 302
    assert Article.objects.get(issue=issue).headline == "超时之后才保存的标题"


def test_background_requests_after_the_timeout_keep_nothing(client, make_issue, editor):
    issue = make_issue(articles=1)
    client.force_login(editor)
    typed = change_form_data(client, issue, headline="后台请求")
    idle_for(client, 31 * 60)
    url = reverse("admin:issues_issue_autosave", args=[issue.pk])
    assert signed_out(client.post(url, typed, headers={"Sec-Fetch-Mode": "cors"}))
    assert not KeptPost.objects.exists()
    assert not IssueAutosave.objects.exists()


def test_a_kept_form_expires(client, make_issue, editor):
    issue = make_issue(articles=1)
    client.force_login(editor)
    typed = change_form_data(client, issue, headline="第二天才回来")
    idle_for(client, 31 * 60)
    client.post(issue.get_admin_url(), typed)
    KeptPost.objects.update(kept_at=KeptPost.objects.get().kept_at - 2 * KEPT_POST_MAX_AGE)
    client.force_login(editor)
    assert "第二天才回来" not in client.get(issue.get_admin_url()).text
    assert not KeptPost.objects.exists()


# --- Autosaves ----------------------------------------------------------------


def autosave(client, issue, **changes):
    data = change_form_data(client, issue, **changes)
    return client.post(reverse("admin:issues_issue_autosave", args=[issue.pk]), data)


def test_an_autosave_is_private_and_changes_neither_the_issue_nor_the_lock(
    client, make_issue, editor, other_editor
):
    issue = make_issue(articles=1)
    client.force_login(other_editor)
    others_form = change_form_data(client, issue, headline="编辑乙保存的标题")
    token, authors = versions.version_token(issue), versions.version_authors(issue)

    client.force_login(editor)
    response = autosave(client, issue, headline="编辑甲自动保存的标题")
    assert response.status_code == 200
    assert response.json()["message"].startswith("已于")
    assert Article.objects.get(issue=issue).headline == "第1篇"
    assert versions.version_token(issue) == token  # no version, so no edit for the lock
    assert versions.version_authors(issue) == authors  # nor for the four-eyes rule

    client.force_login(other_editor)
    page = client.get(issue.get_admin_url())
    assert "编辑甲自动保存的标题" not in page.text and "autosave-restore" not in page.text
    # The other editor's form, opened before the autosave, still saves.
    assert client.post(issue.get_admin_url(), others_form).status_code == 302
    assert Article.objects.get(issue=issue).headline == "编辑乙保存的标题"


def test_the_change_page_offers_an_autosave_back_and_restores_or_discards_it(
    client, make_issue, editor
):
    issue = make_issue(articles=1)
    client.force_login(editor)
    autosave(client, issue, headline="浏览器崩溃前的标题")
    page = client.get(issue.get_admin_url())
    assert "恢复自动保存的内容（" in page.text
    assert "浏览器崩溃前的标题" not in page.text  # offered, not filled in

    page = client.get(issue.get_admin_url() + "?autosave=restore")
    assert "浏览器崩溃前的标题" in page.text
    assert "已恢复自动保存的修改，请检查后保存" in page.text
    assert Article.objects.get(issue=issue).headline == "第1篇"
    assert (
        client.post(issue.get_admin_url(), page.context["adminform"].form.data).status_code == 302
    )
    assert Article.objects.get(issue=issue).headline == "浏览器崩溃前的标题"
    assert not IssueAutosave.objects.exists()  # a real save replaces it

    autosave(client, issue, headline="不要了")
    response = client.post(reverse("admin:issues_issue_discard_autosave", args=[issue.pk]))
    assert response.status_code == 302
    assert not IssueAutosave.objects.exists()
    assert "恢复自动保存的内容" not in client.get(issue.get_admin_url()).text


def test_an_autosave_older_than_its_authors_last_save_is_not_offered(make_issue, editor, rf):
    issue = make_issue(articles=1)
    request = rf.post("/", {"articles-0-headline": "旧的"})
    saved = desk_services.autosave(issue, editor, request.POST)
    versions.record_version(issue, editor, "saved")  # a save the autosave does not know of
    IssueAutosave.objects.filter(pk=saved.pk).update(
        saved_at=versions.latest_version(issue).at.replace(year=2020)
    )
    assert desk_services.offered_autosave(issue, editor) is None


def test_autosaves_are_refused_where_the_user_may_not_edit(
    make_issue, move_issue_to, editor, staff_without_role, rf, settings
):
    post = rf.post("/", {"articles-0-headline": "标题"}).POST
    with pytest.raises(WorkflowPermissionDenied):
        desk_services.autosave(make_issue(), staff_without_role, post)
    in_review = move_issue_to(make_issue(), Issue.Status.IN_REVIEW)
    with pytest.raises(ContentInReview):
        desk_services.autosave(in_review, editor, post)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10
    with pytest.raises(Exception, match="自动保存"):
        desk_services.autosave(make_issue(), editor, post)
    assert not IssueAutosave.objects.exists()


def test_the_autosave_view_answers_refusals_in_chinese(client, make_issue, move_issue_to, editor):
    issue = move_issue_to(make_issue(), Issue.Status.IN_REVIEW)
    client.force_login(editor)
    response = client.post(
        reverse("admin:issues_issue_autosave", args=[issue.pk]), {"articles-0-headline": "x"}
    )
    assert response.status_code == 400
    assert "审核" in response.json()["error"]


# --- The contributor's draft --------------------------------------------------


def report_form(series, **fields):
    return {
        "series": series.pk,
        "headline": "申通开展安全生产检查",
        "body": "<p>7月15日，申通组织安全检查。</p>",
        "contact_name": "王芳",
        "contact_phone": "021-66668888",
        **fields,
    }


def test_a_contributors_draft_is_saved_as_the_draft_it_is(
    client, series, contributor, other_contributor, make_report
):
    report = make_report(contributor, status=Report.Status.DRAFT)
    url = reverse("contributions:autosave", args=[report.pk])
    client.force_login(contributor)
    page = client.get(reverse("contributions:edit", args=[report.pk])).text
    assert f'data-autosave-url="{url}"' in page and "data-save-shortcut" in page

    response = client.post(url, report_form(series, body="<p>写到一半浏览器关了。</p>"))
    assert response.status_code == 200 and response.json()["message"].startswith("已于")
    report.refresh_from_db()
    assert report.body == "<p>写到一半浏览器关了。</p>" and report.status == Report.Status.DRAFT

    assert client.post(url, report_form(series, headline="")).status_code == 400
    client.force_login(other_contributor)  # another organisation's report is not found
    assert client.post(url, report_form(series, body="<p>别人</p>")).status_code == 404
    report.refresh_from_db()
    assert report.body == "<p>写到一半浏览器关了。</p>"


@pytest.mark.parametrize("status", [Report.Status.RETURNED, Report.Status.SUBMITTED])
def test_only_drafts_are_saved_automatically(client, series, contributor, make_report, status):
    report = make_report(contributor, status=status)
    client.force_login(contributor)
    response = client.post(
        reverse("contributions:autosave", args=[report.pk]), report_form(series, body="<p>改</p>")
    )
    assert response.status_code == 400
    assert "草稿" in response.json()["error"]
    report.refresh_from_db()
    assert report.body != "<p>改</p>"


def test_a_new_issue_saved_after_the_timeout_comes_back_on_the_add_page(client, series, editor):
    client.force_login(editor)
    add = reverse("admin:issues_issue_add")
    client.get(add)
    idle_for(client, 31 * 60)
    typed = {
        "series": str(series.pk),
        "issue_date": "2026-03-02",
        "distribution_list": "",
        "print_count": "",
        "editor_note": "",
        "articles-TOTAL_FORMS": "1",
        "articles-INITIAL_FORMS": "0",
        "articles-MIN_NUM_FORMS": "0",
        "articles-MAX_NUM_FORMS": "1000",
        "articles-0-position": "1",
        "articles-0-headline": "新建时超时的文章",
        "articles-0-body": "<p>正文</p>",
    }
    assert signed_out(client.post(add, typed))
    assert not Issue.objects.exists()
    client.force_login(editor)
    page = client.get(add)
    assert "您的会话已超时" in page.text and "新建时超时的文章" in page.text
    assert client.post(add, page.context["adminform"].form.data).status_code == 302
    assert Issue.objects.get().articles.get().headline == "新建时超时的文章"
