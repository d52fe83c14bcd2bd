"""`manage.py import_bulletin`: past issues from text files, on the seeds and small bulletins.

The parser itself is tested in test_archive_import_parsing.py; these tests are about what the
command writes, refuses and prints.
"""

import datetime
import re
from html import unescape
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from issues import services
from issues.exceptions import TransitionNotAllowed, WorkflowPermissionDenied
from issues.models import Article, Issue, IssueEvent
from issues.pdf.render import render_issue_html
from organisations.models import DistributionList, Organisation, Recipient
from tests.seed_text import SEED_2019, SEED_2020, seed_article_text, without_whitespace

FACTS_2019 = ["--year", "2019", "--number", "40", "--cumulative-number", "250"]
MASTHEAD = ["上海市快递行业 精神文明创建工作简报", "上海市快递行业精神文明创建办公室编"]
# The recipients of the conftest series' default list.
DEFAULT_RECIPIENTS = ["报：上海市精神文明建设委员会", "送：上海市快递行业协会", "发：各快递企业"]


def bulletin(
    issue_line="2020年第26期（总第289期）",
    headline="京东物流与纵行科技达成战略合作",
    heading=(),
    recipients=DEFAULT_RECIPIENTS,
):
    return "\n".join(
        [
            *MASTHEAD,
            issue_line,
            "2020年7月20日",
            *heading,
            headline,
            "近日，京东物流与纵行科技达成战略合作。",
            "双方将在物联网领域展开合作。",
            *recipients,
        ]
    )


@pytest.fixture
def write(tmp_path):
    def write(text, name="bulletin.txt"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def run(approver):
    """Runs the command as `approver`, in English; returns its output."""

    def run(*args):
        out = StringIO()
        with translation.override("en"):
            call_command("import_bulletin", *map(str, args), user=approver.username, stdout=out)
        return out.getvalue()

    return run


def counts():
    models = (Issue, Article, IssueEvent, Organisation, DistributionList, Recipient)
    return {model.__name__: model.objects.count() for model in models}


def refusal(run, *args) -> str:
    with pytest.raises(CommandError) as error:
        run(*args)
    return str(error.value)


# --- The seeds ------------------------------------------------------------------------------


def rendered_article_text(issue: Issue) -> str:
    """Headlines and paragraphs as rendered for the PDF, each article in the seed's order."""
    html = render_issue_html(issue, draft=False)
    parts = []
    for article in re.findall(r'<article class="article">(.*?)</article>', html, re.DOTALL):
        source = re.search(r'<div class="source">(.*?)</div>', article)
        # The seed prints the organisation above the headline; the PDF prints it below.
        parts.append(source[1] if source else "")
        parts.append(re.sub(r'<div class="source">.*?</div>', "", article))
    return without_whitespace(unescape(re.sub(r"<[^>]+>", "", "".join(parts))))


def test_both_seeds_import_and_render_as_their_text(run, series):
    run(SEED_2020, "--accept-guesses")
    run(SEED_2019, "--series", series.slug, *FACTS_2019, "--date", "2019-12-02", "--accept-guesses")

    issue_2020 = series.issues.get(year=2020)
    issue_2019 = series.issues.get(year=2019)
    assert issue_2020.issue_line == "2020年第26期（总第289期）"
    assert issue_2019.issue_line == "2019年第40期（总第250期）"
    assert rendered_article_text(issue_2020) == seed_article_text(SEED_2020)
    assert rendered_article_text(issue_2019) == seed_article_text(SEED_2019)


def test_an_imported_issue_is_a_published_past_issue(run, series, approver):
    run(SEED_2020, "--accept-guesses")
    issue = series.issues.get()
    assert issue.status == Issue.Status.PUBLISHED
    assert timezone.localdate(issue.published_at) == datetime.date(2020, 7, 20)
    assert issue.created_by == approver
    assert list(issue.events.values_list("action", flat=True)) == ["record_historical"]
    assert issue.recipient_snapshot.count() == 10


# --- Dry run, transaction, duplicates -------------------------------------------------------


def test_a_dry_run_prints_what_would_be_created_and_writes_nothing(run, series):
    before = counts()
    output = run(SEED_2020, "--dry-run")
    assert counts() == before
    assert "2020年第26期（总第289期）" in output
    assert "1. 上海市邮政管理局荣获 上海市综合运输示范城市建设先进单位" in output
    assert "6. 京东物流与纵行科技达成战略合作" in output
    assert "[推断] 第17行：与上一行按跨页断开的段落合并" in output
    assert "待核对 1" in output
    assert "新建单位：国家邮政局精神文明建设指导委员会、" in output
    assert "未保存任何内容" in output


def test_a_file_that_cannot_be_parsed_changes_nothing_and_is_named(run, series, write):
    good = write(bulletin(), "good.txt")
    broken = write(bulletin(issue_line="2020年第X期（总第289期）"), "broken.txt")
    before = counts()
    message = refusal(run, broken, good)
    # Each file in its own transaction: the good one is in, the broken one named.
    assert counts()["Issue"] == before["Issue"] + 1
    assert "broken.txt：第3行" in message  # the file, the line and what was expected
    assert "刊期" in message


def test_a_file_that_cannot_be_imported_leaves_the_others_imported(run, series, write):
    first = write(bulletin(issue_line="2020年第25期（总第288期）"), "first.txt")
    unknown_series = write(bulletin().replace("精神文明创建工作简报", "工作简报"), "second.txt")
    message = refusal(run, first, unknown_series)
    assert series.issues.get().issue_line == "2020年第25期（总第288期）"
    assert "second.txt" in message


def test_importing_a_file_twice_skips_it(run, series, write):
    path = write(bulletin())
    run(path)
    before = counts()
    output = run(path)
    assert counts() == before
    assert "已跳过：已导入（bulletin.txt" in output


def test_an_issue_already_in_from_another_file_is_skipped(run, series, write):
    run(write(bulletin()))
    output = run(write(bulletin(headline="京东物流发布两款机器人"), "other.txt"))
    assert "2020年第26期（总第289期） 已在系统中" in output
    assert "--replace" in output


def test_the_same_cumulative_number_counts_as_the_same_issue(run, series, write):
    run(write(bulletin()))
    output = run(write(bulletin(issue_line="2020年第27期（总第289期）"), "other.txt"))
    assert "已在系统中" in output


def test_a_cumulative_number_out_of_order_is_refused(run, series, write):
    run(write(bulletin()))
    message = refusal(run, write(bulletin(issue_line="2020年第27期（总第280期）"), "other.txt"))
    assert "other.txt：第3行：总第280期与本系列已有的2020年第26期（总第289期）不一致" in message


def test_replace_imports_the_issue_again(run, series, write):
    run(write(bulletin(recipients=["报：上海市精神文明建设委员会"])))
    old = series.issues.get()
    old_list = old.distribution_list
    run(write(bulletin(headline="京东物流发布两款机器人")), "--replace")
    issue = series.issues.get()
    assert issue.pk != old.pk
    assert issue.issue_line == "2020年第26期（总第289期）"
    assert list(issue.articles.values_list("headline", flat=True)) == ["京东物流发布两款机器人"]
    assert not Article.objects.filter(issue_id=old.pk).exists()
    # The list made for the replaced issue went with it.
    assert not DistributionList.objects.filter(pk=old_list.pk).exists()


def test_replace_never_deletes_an_issue_signed_off_in_this_system(
    run, series, write, make_issue, move_issue_to, fake_pdf
):
    signed_off = move_issue_to(make_issue(), Issue.Status.SIGNED_OFF)
    assert signed_off.issue_line == "2026年第1期（总第290期）"
    message = refusal(run, write(bulletin(issue_line="2026年第1期（总第290期）")), "--replace")
    assert "cannot be replaced" in message
    assert Issue.objects.filter(pk=signed_off.pk).exists()


def test_the_replacing_service_refuses_issues_signed_off_here(
    make_issue, move_issue_to, fake_pdf, approver
):
    issue = move_issue_to(make_issue(), Issue.Status.PUBLISHED)
    with pytest.raises(TransitionNotAllowed):
        services.delete_historical_issue(issue, approver)


def test_the_replacing_service_needs_the_publish_permission(run, series, write, editor):
    run(write(bulletin()))
    with pytest.raises(WorkflowPermissionDenied):
        services.delete_historical_issue(series.issues.get(), editor)


# --- Organisations, series, distribution lists ----------------------------------------------


def test_organisations_are_matched_by_name_then_short_name_and_new_ones_printed(run, series, write):
    Organisation.objects.create(name="上海市快递行业协会", short_name="快递协会")
    path = write(
        bulletin(
            heading=["上海韵达货运有限公司"],
            recipients=["报：上海市精神文明建设委员会", "送：快递协会，各快递企业"],
        )
    )
    output = run(path)
    assert "新建单位：上海市精神文明建设委员会、上海韵达货运有限公司" in output
    assert Organisation.objects.count() == 3  # 各快递企业 is a group, not an organisation
    issue = series.issues.get()
    assert issue.articles.get().organisations.get().name == "上海韵达货运有限公司"
    lines = [(r.role, r.display_name) for r in issue.recipients_for_print()]
    assert lines == [
        ("report", "上海市精神文明建设委员会"),
        ("send", "上海市快递行业协会"),
        ("send", "各快递企业"),
    ]


def test_the_series_default_list_is_reused_for_the_same_recipients(run, series, write):
    run(write(bulletin()))
    assert series.issues.get().distribution_list == series.default_distribution_list
    assert DistributionList.objects.count() == 1


def test_other_recipients_get_a_list_of_their_own(run, series, write):
    run(write(bulletin(recipients=["报：上海市精神文明建设委员会", "送：各快递企业"])))
    issue = series.issues.get()
    assert issue.distribution_list != series.default_distribution_list
    assert (
        issue.distribution_list.name == "上海市快递行业 精神文明创建工作简报 2020年第26期 报送名单"
    )


def test_the_series_is_found_by_its_title_without_spaces(run, series, write):
    run(write(bulletin().replace("上海市快递行业 精神文明", "上海市快递行业精神文明")))
    assert series.issues.count() == 1


def test_an_unknown_series_title_is_named_with_how_to_add_it(run, series, write):
    message = refusal(run, write(bulletin().replace("精神文明创建工作简报", "工作简报")))
    assert "bulletin.txt：第1行：没有名为“上海市快递行业 工作简报”的简报系列" in message
    assert "管理后台添加该系列" in message


def test_an_unknown_series_slug_is_refused(run, series):
    assert "没有简称为“nope”的简报系列" in refusal(run, SEED_2020, "--series", "nope")


# --- A bulletin without masthead ------------------------------------------------------------


def test_the_missing_facts_are_listed_with_their_options(run, series):
    before = counts()
    message = refusal(run, SEED_2019, "--series", series.slug)
    assert counts() == before
    assert "报头缺少年份、期号、总期号、日期" in message
    assert "--year --number --cumulative-number --date" in message
    assert "--as-draft" in message


def test_without_series_option_a_headless_bulletin_asks_for_one(run, series):
    assert "--series" in refusal(run, SEED_2019)


def test_given_facts_complete_a_headless_bulletin(run, series):
    output = run(
        SEED_2019, "--series", series.slug, *FACTS_2019, "--date", "2019-12-02", "--accept-guesses"
    )
    assert "[缺少] 报头缺少简报名称" in output
    issue = series.issues.get()
    assert issue.issue_date == datetime.date(2019, 12, 2)
    assert issue.status == Issue.Status.PUBLISHED


def test_as_draft_imports_without_numbers_and_says_what_was_missing(run, series, editor):
    output = run(SEED_2019, "--series", series.slug, "--as-draft")
    assert "[缺少] 报头缺少期号" in output
    draft = series.issues.get()
    assert draft.status == Issue.Status.DRAFT
    assert not draft.is_numbered
    assert draft.articles.count() == 6


# --- Numbering ------------------------------------------------------------------------------


def test_numbering_continues_after_the_highest_imported_number(
    run, series, write, make_issue, move_issue_to, fake_pdf
):
    assert series.cumulative_number_start == 289
    run(
        write(
            bulletin(issue_line="2026年第3期（总第300期）").replace("2020年7月20日", "2026年2月1日")
        )
    )
    issue = move_issue_to(make_issue(issue_date=datetime.date(2026, 3, 2)), "signed_off")
    assert issue.issue_line == "2026年第4期（总第301期）"


def test_import_needs_a_user_allowed_to_publish(series, editor):
    with pytest.raises(CommandError, match=r"bulletin-2020-26\.txt：只有有权发布"):
        call_command("import_bulletin", str(SEED_2020), user=editor.username, stdout=StringIO())
    assert not Issue.objects.exists()


# --- The table and the progress bar -------------------------------------------------------


class Terminal(StringIO):
    def isatty(self):
        return True


def test_a_terminal_gets_a_progress_bar_and_a_pipe_does_not(series, approver, write):
    first = write(bulletin(issue_line="2020年第25期（总第288期）"), "first.txt")
    second = write(bulletin(), "second.txt")
    terminal, pipe = Terminal(), StringIO()
    call_command(
        "import_bulletin",
        str(first),
        str(second),
        user="approver",
        stdout=StringIO(),
        stderr=terminal,
    )
    assert "1/2 first.txt" in terminal.getvalue()
    assert "█" * 30 + " 2/2 second.txt" in terminal.getvalue()
    call_command("import_bulletin", str(first), user="approver", stdout=StringIO(), stderr=pipe)
    assert pipe.getvalue() == ""


def test_the_table_has_a_row_per_file_and_the_totals(series, approver, write):
    good = write(bulletin(), "good.txt")
    broken = write(bulletin(issue_line="2020年第X期（总第289期）"), "broken.txt")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_bulletin", str(good), str(broken), user="approver", stdout=out)
    rows = out.getvalue().splitlines()
    assert rows[0].split() == ["文件", "刊期", "文章", "报送", "结果"]
    assert rows[1].split()[:5] == ["good.txt", "2020年第26期（总第289期）", "1", "3", "已导入"]
    assert rows[2].startswith("broken.txt")
    assert "未导入：第3行：应为“YYYY年第N期（总第M期）”格式的刊期" in rows[2]
    assert rows[-1] == "已导入 1，待核对 0，已跳过 0，未导入 1"


def test_each_file_says_what_was_found_and_verbosity_0_only_the_table(series, approver, write):
    path = write(bulletin())
    out = StringIO()
    call_command("import_bulletin", str(path), user="approver", dry_run=True, stdout=out)
    assert "[识别] 第1行：报头（简报名称、编印单位、年份、期号、总期号、日期）" in out.getvalue()
    assert "[缺少] 第1篇文章无来源" in out.getvalue()
    out = StringIO()
    call_command("import_bulletin", str(path), user="approver", verbosity=0, stdout=out)
    assert "[识别]" not in out.getvalue()
    assert "已导入 1" in out.getvalue()


def test_two_files_of_one_issue_in_a_dry_run_are_told_apart(series, approver, write):
    first = write(bulletin(), "first.txt")
    second = write(bulletin(headline="京东物流发布两款机器人"), "second.txt")
    out = StringIO()
    with pytest.raises(CommandError, match=r"second\.txt：期号与本次导入的 first\.txt 相同"):
        call_command(
            "import_bulletin", str(first), str(second), user="approver", dry_run=True, stdout=out
        )
    assert not Issue.objects.exists()


def test_a_refused_file_does_not_hold_its_numbers_for_the_next(series, approver, write):
    call_command(
        "import_bulletin",
        str(write(bulletin(issue_line="2020年第27期（总第290期）"), "27.txt")),
        user="approver",
        stdout=StringIO(),
    )
    out_of_order = write(bulletin(issue_line="2020年第26期（总第295期）"), "a.txt")
    accepted = write(bulletin(headline="京东物流发布两款机器人"), "b.txt")
    with pytest.raises(CommandError, match=r"a\.txt：第3行：总第295期与本系列已有的2020年第27期"):
        call_command(
            "import_bulletin", str(out_of_order), str(accepted), user="approver", stdout=StringIO()
        )
    assert series.issues.get(number=26).issue_line == "2020年第26期（总第289期）"


def test_a_utf16_file_imports_and_a_missing_or_large_one_is_named(
    series, approver, tmp_path, settings
):
    utf16 = tmp_path / "notepad-unicode.txt"
    utf16.write_bytes(bulletin().encode("utf-16"))
    settings.BULLETIN_IMPORT_MAX_DOCX_BYTES = utf16.stat().st_size
    large = tmp_path / "large.txt"
    large.write_text(bulletin(issue_line="2020年第27期（总第290期）") * 3, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command(
            "import_bulletin",
            str(utf16),
            str(large),
            str(tmp_path / "gone.txt"),
            user="approver",
            stdout=StringIO(),
        )
    assert series.issues.get().issue_line == "2020年第26期（总第289期）"
    message = str(error.value)
    assert "large.txt：文件大于" in message
    assert "gone.txt：文件或文件夹不存在" in message
