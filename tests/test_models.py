import datetime

import pytest
from django.db import IntegrityError, transaction

from issues.models import Article, Issue, Series
from organisations.models import DistributionList, Organisation, Recipient, Role


@pytest.fixture
def series(db):
    return Series.objects.create(
        title="上海市快递行业 精神文明创建工作简报",
        slug="shanghai",
        compiling_office="上海市快递行业精神文明创建办公室",
        cumulative_number_start=289,
    )


def numbered(series, year, number, cumulative):
    return Issue.objects.create(
        series=series,
        issue_date=datetime.date(year, 7, 20),
        year=year,
        number=number,
        cumulative_number=cumulative,
    )


def test_issue_line_reads_like_the_masthead(series):
    issue = numbered(series, 2020, 26, 289)
    assert issue.issue_line == "2020年第26期（总第289期）"


def test_an_unnumbered_issue_shows_blank_numbers(series):
    issue = Issue.objects.create(series=series, issue_date=datetime.date(2026, 3, 1))
    assert issue.issue_line == "2026年第  期（总第  期）"


def test_number_in_year_is_unique_per_series(series):
    numbered(series, 2020, 26, 289)
    with pytest.raises(IntegrityError), transaction.atomic():
        numbered(series, 2020, 26, 290)


def test_the_same_number_may_recur_in_another_year_or_series(series):
    numbered(series, 2020, 1, 289)
    numbered(series, 2021, 1, 290)
    other = Series.objects.create(title="另一份简报", slug="other", compiling_office="办公室")
    numbered(other, 2020, 1, 1)
    assert Issue.objects.count() == 3


def test_cumulative_number_is_unique_per_series(series):
    numbered(series, 2020, 26, 289)
    with pytest.raises(IntegrityError), transaction.atomic():
        numbered(series, 2020, 27, 289)


def test_many_drafts_may_wait_without_numbers(series):
    Issue.objects.create(series=series)
    Issue.objects.create(series=series)
    assert Issue.objects.filter(cumulative_number=None).count() == 2


def test_numbers_are_assigned_together(series):
    with pytest.raises(IntegrityError), transaction.atomic():
        Issue.objects.create(series=series, year=2020, number=1)


def test_series_title_breaks_at_its_space(series):
    assert series.title_lines == ["上海市快递行业", "精神文明创建工作简报"]
    assert series.compiler_line == "上海市快递行业精神文明创建办公室编"


def test_new_articles_go_to_the_end_and_positions_close_gaps(series):
    issue = Issue.objects.create(series=series)
    first = Article.objects.create(issue=issue, headline="一")
    second = Article.objects.create(issue=issue, headline="二")
    third = Article.objects.create(issue=issue, headline="三")
    assert [first.position, second.position, third.position] == [1, 2, 3]
    second.delete()
    issue.articles.renumber()
    assert list(issue.articles.values_list("headline", "position")) == [("一", 1), ("三", 2)]


def test_organisation_full_name_is_unique(db):
    Organisation.objects.create(name="上海市邮政管理局")
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="上海市邮政管理局")


def test_organisation_found_by_full_then_short_name(db):
    bureau = Organisation.objects.create(name="上海市邮政管理局", short_name="上海局")
    assert Organisation.objects.matching_name("上海局").get() == bureau
    assert Organisation.objects.matching_name("上海市邮政管理局").get() == bureau


def test_recipient_is_an_organisation_or_free_text_not_both(db):
    bureau = Organisation.objects.create(name="上海市邮政管理局")
    distribution_list = DistributionList.objects.create(name="名单")
    with pytest.raises(IntegrityError), transaction.atomic():
        Recipient.objects.create(
            distribution_list=distribution_list, organisation=bureau, free_text="各快递企业"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Recipient.objects.create(distribution_list=distribution_list)


def test_recipients_come_in_print_order_report_send_issue(db):
    distribution_list = DistributionList.objects.create(name="名单")
    for position, (role, name) in enumerate(
        [(Role.ISSUE, "丙"), (Role.SEND, "乙"), (Role.REPORT, "甲"), (Role.SEND, "丁")], start=1
    ):
        Recipient.objects.create(
            distribution_list=distribution_list, role=role, free_text=name, position=position
        )
    ordered = distribution_list.recipients.in_print_order()
    assert [r.display_name for r in ordered] == ["甲", "乙", "丁", "丙"]
