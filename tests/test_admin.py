import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from issues import roles
from issues.models import Issue, Series
from organisations.models import DistributionList, Organisation, Recipient, Role


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    return user


@pytest.fixture
def series(db):
    distribution_list = DistributionList.objects.create(name="报送名单")
    Recipient.objects.create(
        distribution_list=distribution_list, role=Role.REPORT, free_text="上海市精神文明建设委员会"
    )
    return Series.objects.create(
        title="上海市快递行业 精神文明创建工作简报",
        slug="shanghai",
        compiling_office="上海市快递行业精神文明创建办公室",
        default_distribution_list=distribution_list,
        cumulative_number_start=289,
    )


def article_form(index, headline, body, position, organisations=()):
    prefix = f"articles-{index}"
    return {
        f"{prefix}-position": str(position),
        f"{prefix}-headline": headline,
        f"{prefix}-subheadline": "",
        f"{prefix}-source": "",
        f"{prefix}-body": body,
        f"{prefix}-organisations": [str(pk) for pk in organisations],
    }


def issue_form(series, articles):
    data = {
        "series": str(series.pk),
        "issue_date": "2026-03-02",
        "distribution_list": "",
        "print_count": "",
        "articles-TOTAL_FORMS": str(len(articles)),
        "articles-INITIAL_FORMS": "0",
        "articles-MIN_NUM_FORMS": "0",
        "articles-MAX_NUM_FORMS": "1000",
    }
    for article in articles:
        data.update(article)
    return data


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("admin:issues_issue_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_admin_speaks_chinese_even_to_an_english_browser(client, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    assert "简报编辑部" in response.text
    assert "报送名单" in response.text


def test_english_stays_one_click_away(client, editor):
    client.force_login(editor)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/admin/"})
    assert response.status_code == 302
    assert "Bulletin Office" in client.get(reverse("admin:index")).text


def test_an_editor_adds_an_issue_with_two_articles(client, editor, series):
    bureau = Organisation.objects.create(name="上海市邮政管理局", short_name="上海局")
    client.force_login(editor)
    data = issue_form(
        series,
        [
            article_form(0, "第二篇", "<p>后写的</p>", position=2),
            article_form(1, "第一篇", "<p>先写的<script>x()</script></p>", 1, [bureau.pk]),
        ],
    )
    response = client.post(reverse("admin:issues_issue_add"), data)
    assert response.status_code == 302, response.context["errors"]

    issue = Issue.objects.get()
    assert issue.created_by == editor
    assert issue.issue_date == datetime.date(2026, 3, 2)
    assert issue.status == Issue.Status.DRAFT
    assert issue.distribution_list == series.default_distribution_list
    articles = list(issue.articles.all())
    assert [(a.position, a.headline) for a in articles] == [(1, "第一篇"), (2, "第二篇")]
    assert articles[0].body == "<p>先写的</p>"
    assert list(articles[0].organisations.all()) == [bureau]


def test_positions_stay_gap_free_after_a_deletion(client, editor, series):
    client.force_login(editor)
    client.post(
        reverse("admin:issues_issue_add"),
        issue_form(series, [article_form(i, f"文章{i}", "<p>正文</p>", i + 1) for i in range(3)]),
    )
    issue = Issue.objects.get()
    first, second, third = issue.articles.all()
    data = issue_form(series, [])
    data.update(
        {
            "articles-TOTAL_FORMS": "3",
            "articles-INITIAL_FORMS": "3",
        }
    )
    for index, article in enumerate([first, second, third]):
        data.update(article_form(index, article.headline, article.body, article.position))
        data[f"articles-{index}-id"] = str(article.pk)
        data[f"articles-{index}-issue"] = str(issue.pk)
    data["articles-1-DELETE"] = "on"
    response = client.post(reverse("admin:issues_issue_change", args=[issue.pk]), data)
    assert response.status_code == 302, response.context["errors"]
    assert list(issue.articles.values_list("headline", "position")) == [("文章0", 1), ("文章2", 2)]


def test_editor_searches_issues_by_words_in_bodies(client, editor, series):
    client.force_login(editor)
    client.post(
        reverse("admin:issues_issue_add"),
        issue_form(series, [article_form(0, "夏日送清凉", "<p>消防安全演练</p>", 1)]),
    )
    url = reverse("admin:issues_issue_changelist")
    assert client.get(url, {"q": "消防安全"}).context["cl"].result_count == 1
    assert client.get(url, {"q": "夏日"}).context["cl"].result_count == 1
    assert client.get(url, {"q": "不存在的词"}).context["cl"].result_count == 0


def test_organisation_autocomplete_for_editors(client, editor):
    Organisation.objects.create(name="申通快递有限公司", short_name="申通快递")
    client.force_login(editor)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "申通",
            "app_label": "issues",
            "model_name": "article",
            "field_name": "organisations",
        },
    )
    assert response.status_code == 200
    assert response.json()["results"][0]["text"] == "申通快递有限公司"


def test_both_role_groups_exist_after_migrate(db):
    approvers = Group.objects.get(name=roles.APPROVERS)
    editors = Group.objects.get(name=roles.EDITORS)
    approver_codenames = set(approvers.permissions.values_list("codename", flat=True))
    editor_codenames = set(editors.permissions.values_list("codename", flat=True))
    assert {"add_issue", "change_article", "add_organisation"} <= editor_codenames
    assert "sign_off_issue" in approver_codenames
    assert "sign_off_issue" not in editor_codenames
