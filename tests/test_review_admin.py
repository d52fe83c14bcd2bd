"""The review in the admin: refusals as Chinese pages, the preview of the screen, versions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from issues import services
from issues.models import Article, Issue, IssueVersion

pytestmark = pytest.mark.django_db


def change_form_data(client, issue, **changes):
    """The change form as the browser would post it, with `changes` to the first article."""
    page = client.get(issue.get_admin_url())
    form = page.context["adminform"].form
    formset = page.context["inline_admin_formsets"][0].formset
    data = {
        "series": str(issue.series_id),
        "issue_date": "2026-03-02",
        "distribution_list": str(issue.distribution_list_id),
        "print_count": "",
        "based_on_version": str(form["based_on_version"].value()),
        **{f"articles-{key}": value for key, value in formset.management_form.initial.items()},
    }
    for index, article in enumerate(issue.articles.order_by("position")):
        prefix = f"articles-{index}"
        data.update(
            {
                f"{prefix}-id": str(article.pk),
                f"{prefix}-issue": str(issue.pk),
                f"{prefix}-position": str(article.position),
                f"{prefix}-headline": article.headline,
                f"{prefix}-subheadline": article.subheadline,
                f"{prefix}-source": article.source,
                f"{prefix}-body": article.body,
            }
        )
    data.update({f"articles-0-{name}": value for name, value in changes.items()})
    return data


def test_a_save_in_the_admin_stores_a_version_and_an_outdated_form_is_refused(
    client, make_issue, editor, other_editor
):
    issue = make_issue(articles=1)
    client.force_login(editor)
    outdated = change_form_data(client, issue, headline="编辑甲的标题")
    fresh = change_form_data(client, issue, headline="编辑乙的标题")
    client.force_login(other_editor)
    assert client.post(issue.get_admin_url(), fresh).status_code == 302
    client.force_login(editor)
    page = client.post(issue.get_admin_url(), outdated)
    assert page.status_code == 200
    assert "editor2" in page.text and "没有保存" in page.text
    assert "编辑甲的标题" in page.text  # what was typed is shown again
    assert Article.objects.get(issue=issue).headline == "编辑乙的标题"
    assert list(issue.versions.values_list("kind", flat=True)) == ["saved"]


def test_a_post_to_an_issue_in_review_is_refused_with_a_chinese_page(
    client, make_issue, editor, approver
):
    issue = services.submit(make_issue(articles=1), editor)
    client.force_login(approver)
    data = change_form_data(client, issue, headline="签发人偷偷改")
    data["based_on_version"] = ""
    response = client.post(issue.get_admin_url(), data)
    assert response.status_code == 403
    assert "无权操作" in response.text
    assert Article.objects.get(issue=issue).headline == "第1篇"


class TestDeletion:
    def test_no_delete_button_in_review_and_a_chinese_refusal(self, client, make_issue, editor):
        issue = services.submit(make_issue(), editor)
        client.force_login(editor)
        page = client.get(issue.get_admin_url())
        assert "deletelink" not in page.text
        response = client.post(reverse("admin:issues_issue_delete", args=[issue.pk]))
        assert response.status_code == 403
        assert "只能删除草稿" in response.text
        assert Issue.objects.filter(pk=issue.pk).exists()

    def test_another_editor_may_not_delete_a_draft_its_editor_may(
        self, client, make_issue, editor, other_editor
    ):
        issue = make_issue()
        url = reverse("admin:issues_issue_delete", args=[issue.pk])
        client.force_login(other_editor)
        assert "只有本期草稿的编辑和管理员" in client.post(url, {"post": "yes"}).text
        client.force_login(editor)
        assert "deletelink" in client.get(issue.get_admin_url()).text
        assert client.post(url, {"post": "yes"}).status_code == 302
        assert not Issue.objects.filter(pk=issue.pk).exists()


def test_the_preview_renders_the_posted_form_and_saves_nothing(
    client, make_issue, editor, monkeypatch
):
    issue = make_issue(articles=1)
    rendered = []

    def render(issue, *, draft=None):
        rendered.append([a.headline for a in issue.articles.all()])
        return b"%PDF-1.7 fake"

    monkeypatch.setattr("desk.views.pdf_preview.render_issue_pdf", render)
    client.force_login(editor)
    data = change_form_data(client, issue, headline="屏幕上还没保存的标题")
    url = reverse("admin:issues_issue_pdf_preview", args=[issue.pk])
    response = client.post(url, data)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert rendered == [["屏幕上还没保存的标题"]]
    assert Article.objects.get(issue=issue).headline == "第1篇"
    assert not IssueVersion.objects.exists()


def test_save_first_then_go_on_to_the_step(client, make_issue, editor):
    issue = make_issue(articles=1)
    client.force_login(editor)
    data = change_form_data(client, issue, headline="先保存再提交")
    step = reverse("admin:issues_issue_transition", args=[issue.pk, "submit"])
    response = client.post(issue.get_admin_url(), {**data, "_continue": "1", "_then": step})
    assert response.status_code == 302 and response["Location"] == step
    assert Article.objects.get(issue=issue).headline == "先保存再提交"
    data = change_form_data(client, issue)
    elsewhere = {**data, "_continue": "1", "_then": "https://example.org/"}
    assert client.post(issue.get_admin_url(), elsewhere)["Location"] != "https://example.org/"


def test_the_history_lists_every_version_with_its_changes(client, make_issue, editor, approver):
    issue = make_issue(articles=1)
    services.submit(issue, editor)
    services.return_to_draft(issue, approver, "改")
    client.force_login(editor)
    services.save_content(
        issue,
        editor,
        lambda: Article.objects.filter(issue=issue).update(body="<p>第1篇的正文。补一句。</p>"),
    )
    history = client.get(reverse("admin:issues_issue_history", args=[issue.pk]))
    assert history.status_code == 200
    assert [v.kind for v in history.context["versions"]] == ["saved", "returned", "submitted"]
    latest = issue.versions.order_by("-pk").first()
    page = client.get(reverse("admin:issues_issue_version", args=[issue.pk, latest.pk]))
    assert "<ins>补一句。</ins>" in page.text

    # Both pages lead back through the admin to the issue; a version also to the list.
    change_url = reverse("admin:issues_issue_change", args=[issue.pk])
    for response in (history, page):
        breadcrumbs = response.text.split('<div class="breadcrumbs">', 1)[1].split("</div>", 1)[0]
        assert f'href="{reverse("admin:app_list", args=["issues"])}"' in breadcrumbs
        assert f'href="{change_url}"' in breadcrumbs
    assert f'href="{reverse("admin:issues_issue_history", args=[issue.pk])}"' in breadcrumbs


def test_the_review_page_makes_the_same_queries_for_2_and_8_articles(
    client, make_issue, editor, approver, django_assert_num_queries
):
    def reviewed_issue(articles):
        issue = services.submit(make_issue(articles=articles), editor)
        services.return_to_draft(
            issue,
            approver,
            "改",
            [services.ArticleRemark(a.pk, "意见") for a in issue.articles.all()],
        )
        services.save_content(
            issue,
            editor,
            lambda: Article.objects.filter(issue=issue).update(body="<p>改过的正文。</p>"),
        )
        return services.submit(issue, editor)

    client.force_login(approver)
    small = reviewed_issue(2)
    client.get(small.get_admin_url())
    with CaptureQueriesContext(connection) as queries:
        client.get(small.get_admin_url())
    large = reviewed_issue(8)
    with django_assert_num_queries(len(queries)):
        page = client.get(large.get_admin_url())
    assert len(page.context["review"].changes.changed_articles) == 8
