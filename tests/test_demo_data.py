import re
from html import unescape
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from issues.models import Article, Issue, Series
from organisations.models import DistributionList, Organisation, Recipient
from tests.seed_text import DEMO_DATA, seed_article_text, without_whitespace


@pytest.fixture
def demo(db):
    call_command("load_demo_data", allow_production=True, stdout=StringIO())
    return Series.objects.get()


def article_text(issue: Issue) -> str:
    parts = []
    for article in issue.articles.prefetch_related("organisations"):
        # The seeds put an organisation heading above the headline; it is the source line.
        parts.append(article.source + article.headline + article.subheadline)
        parts.append(unescape(re.sub(r"<[^>]+>", "", article.body)))
    return without_whitespace("".join(parts))


def test_the_series_of_the_seeds(demo):
    assert demo.title == "上海市快递行业 精神文明创建工作简报"
    assert demo.compiler_line == "上海市快递行业精神文明创建办公室编"
    recipients = demo.default_distribution_list.recipients.in_print_order()
    assert [(r.role, r.display_name) for r in recipients] == [
        ("report", "国家邮政局精神文明建设指导委员会"),
        ("report", "上海市精神文明建设委员会"),
        ("report", "上海市快递行业精神文明创建指导小组"),
        ("report", "上海市邮政管理局精神文明建设委员会"),
        ("send", "上海市文明办"),
        ("send", "上海市建交系统文明办"),
        ("send", "上海市交通委文明办"),
        ("send", "上海市邮政管理局各处室、管理局、文明办"),
        ("send", "上海市快递行业协会"),
        ("send", "各快递企业"),
    ]


def test_the_2020_issue_is_published_with_its_numbers_and_six_articles(demo):
    issue = demo.issues.get(year=2020)
    assert issue.issue_line == "2020年第26期（总第289期）"
    assert str(issue.issue_date) == "2020-07-20"
    assert issue.status == Issue.Status.PUBLISHED
    headlines = list(issue.articles.values_list("headline", flat=True))
    assert len(headlines) == 6
    assert headlines[0] == "上海市邮政管理局荣获 上海市综合运输示范城市建设先进单位"
    assert headlines[-1] == "京东物流与纵行科技达成战略合作"
    baoshan = issue.articles.get(headline="投递员收获一封特殊的感谢信")
    assert baoshan.organisations.get().name == "中国邮政集团有限公司上海市宝山区分公司"


def test_the_2019_bulletin_is_a_draft_without_numbers(demo):
    draft = demo.issues.get(status=Issue.Status.DRAFT)
    assert draft.cumulative_number is None
    assert draft.articles.count() > 5
    for body in draft.articles.values_list("body", flat=True):
        assert "<p> " not in body  # leading spaces from the extraction are gone
        assert "<p>5</p>" not in body  # so is the stray page number


@pytest.mark.parametrize(
    ("filename", "lookup"),
    [("bulletin-2020-26.txt", {"year": 2020}), ("bulletin-2019-late.txt", {"status": "draft"})],
)
def test_every_headline_and_paragraph_of_the_seed_is_present(demo, filename, lookup):
    issue = demo.issues.get(**lookup)
    assert article_text(issue) == seed_article_text(DEMO_DATA / filename)


def test_hard_wrapped_lines_are_joined_into_paragraphs(demo):
    draft = demo.issues.get(status=Issue.Status.DRAFT)
    first = draft.articles.first()
    paragraphs = re.findall(r"<p>(.*?)</p>", first.body)
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("11 月 27 日") or paragraphs[0].startswith("11月27日")


def test_loading_twice_changes_nothing(demo):
    counts = [
        model.objects.count()
        for model in (Series, Issue, Article, Organisation, DistributionList, Recipient, User)
    ]
    call_command("load_demo_data", allow_production=True, stdout=StringIO())
    assert counts == [
        model.objects.count()
        for model in (Series, Issue, Article, Organisation, DistributionList, Recipient, User)
    ]


def test_one_demo_account_per_role(demo):
    assert User.objects.get(username="editor").groups.get().name == "编辑"
    assert User.objects.get(username="approver").groups.get().name == "签发人"
    assert User.objects.get(username="admin").is_superuser
    reader = User.objects.get(username="reader")
    assert not reader.is_staff
    assert reader.membership.organisation.name == "上海市精神文明建设委员会"


def test_demo_data_is_refused_in_production(db, settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo_data")
