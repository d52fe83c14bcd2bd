"""The plain-text bulletin parser, on the two seed bulletins and on small hand-made texts.

The parser needs no database nor settings, so these tests also run with
`python -m pytest -p no:django tests/test_import_text.py`.
"""

import datetime

import pytest

from archive_import.parsing import BulletinParseError, parse_bulletin, parse_bulletin_lines
from tests.seed_text import DEMO_DATA, without_whitespace

SEED_2020 = "bulletin-2020-26.txt"
SEED_2019 = "bulletin-2019-late.txt"

HEADINGS_2020 = [
    # (organisation, headline, subheadline)
    ("", "上海市邮政管理局荣获 上海市综合运输示范城市建设先进单位", ""),
    ("", "奉献点滴爱心 助力脱贫攻坚", "上海局联合韵达速递积极参与“2020 爱心校服漂流”活动"),
    ("中国邮政集团有限公司上海市宝山区分公司", "投递员收获一封特殊的感谢信", ""),
    ("", "申通快递有限公司四项服务举措迎接进口博览会", ""),
    ("", "中通快递股份有限公司安全监察中心 组织开展夏日送清凉活动", ""),
    ("", "京东物流与纵行科技达成战略合作", ""),
]
HEADLINES_2019 = [
    "上海市邮政管理局召开上海邮政业生态环保工作推进会",
    "中国邮政集团公司上海市分公司优质进博服务获点赞",
    "申通快递有限公司 AI 智能客服机器人全面上线",
    "上海韵达货运有限公司工会慰问上海分拨中心员工",
    "中通快递股份有限公司举办首次投资者开放日",
    "京东物流发布两款机器人",
]
SEED_RECIPIENTS = [
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
MASTHEAD_2020 = {
    "上海市快递行业 精神文明创建工作简报",
    "上海市快递行业精神文明创建办公室编",
    "2020年第26期（总第289期）",
    "2020年7月20日",
}

MASTHEAD = ["上海市快递行业 精神文明创建工作简报", "上海市快递行业精神文明创建办公室编"]
ISSUE_LINE = "2020年第26期（总第289期）"
DATE_LINE = "2020年7月20日"
HEADLINE = "京东物流与纵行科技达成战略合作"
BODY = "近日，京东物流与纵行科技达成战略合作。"
DISTRIBUTION = ["报：国家邮政局精神文明建设指导委员会", "送：上海市文明办，各快递企业"]


def seed_text(filename: str) -> str:
    return (DEMO_DATA / filename).read_text(encoding="utf-8")


def parse_seed(filename: str):
    return parse_bulletin(seed_text(filename), source_name=filename)


def parse_lines(*lines: str):
    return parse_bulletin("\n".join(lines), source_name="bulletin.txt")


def one_article(*article_lines: str):
    """The only article of a bulletin with the usual masthead and distribution block."""
    (article,) = parse_lines(
        *MASTHEAD, ISSUE_LINE, DATE_LINE, *article_lines, *DISTRIBUTION
    ).articles
    return article


# --- The seeds -----------------------------------------------------------------------------


def test_every_heading_of_the_2020_seed_is_recognised():
    articles = parse_seed(SEED_2020).articles
    headings = [(a.organisation, a.headline, a.subheadline) for a in articles]
    assert headings == HEADINGS_2020
    assert [a.line for a in articles] == [11, 21, 31, 39, 55, 65]


def test_the_masthead_of_the_2020_seed():
    bulletin = parse_seed(SEED_2020)
    assert bulletin.series_title == "上海市快递行业 精神文明创建工作简报"
    assert bulletin.compiler == "上海市快递行业精神文明创建办公室"
    assert (bulletin.year, bulletin.number, bulletin.cumulative_number) == (2020, 26, 289)
    assert bulletin.issue_date == datetime.date(2020, 7, 20)
    assert bulletin.print_count is None
    assert bulletin.missing == ()


def test_every_headline_of_the_2019_seed_is_recognised():
    articles = parse_seed(SEED_2019).articles
    assert [a.headline for a in articles] == HEADLINES_2019
    assert {(a.organisation, a.subheadline) for a in articles} == {("", "")}
    assert [a.line for a in articles] == [1, 67, 116, 158, 201, 250]


def test_the_2019_seed_has_no_masthead():
    bulletin = parse_seed(SEED_2019)
    assert bulletin.series_title is bulletin.compiler is bulletin.issue_date is None
    assert bulletin.year is bulletin.number is bulletin.cumulative_number is None
    assert bulletin.missing == (
        "series_title",
        "compiler",
        "year",
        "number",
        "cumulative_number",
        "issue_date",
    )


@pytest.mark.parametrize("filename", [SEED_2020, SEED_2019])
def test_the_recipients_of_the_seeds(filename):
    recipients = parse_seed(filename).recipients
    assert [(r.role, r.name) for r in recipients] == SEED_RECIPIENTS


def seed_article_text(filename: str) -> str:
    """The seed from its first headline to the 报/送 block: no masthead, no page numbers."""
    lines = [line.strip() for line in seed_text(filename).splitlines()]
    distribution_start = next(i for i, line in enumerate(lines) if line.startswith("报："))
    kept = [
        line
        for line in lines[:distribution_start]
        if line not in MASTHEAD_2020 and not line.isdigit()
    ]
    return without_whitespace("".join(kept))


@pytest.mark.parametrize("filename", [SEED_2020, SEED_2019])
def test_every_character_of_the_seed_articles_is_kept_in_order(filename):
    parsed = "".join(
        article.organisation + article.headline + article.subheadline + "".join(article.paragraphs)
        for article in parse_seed(filename).articles
    )
    assert without_whitespace(parsed) == seed_article_text(filename)


def test_paragraph_counts_of_the_seeds():
    assert [len(a.paragraphs) for a in parse_seed(SEED_2020).articles] == [3, 2, 3, 6, 3, 3]
    assert [len(a.paragraphs) for a in parse_seed(SEED_2019).articles] == [4, 4, 5, 5, 5, 4]


def test_paragraphs_split_by_a_page_break_in_the_2020_seed_are_joined():
    articles = parse_seed(SEED_2020).articles
    assert "与市交通委联合印发《上海市邮政业中长期规划》，完成了" in articles[0].paragraphs[1]
    assert (
        articles[3]
        .paragraphs[3]
        .endswith("又能推动网点转型发展，由培训“充电”的常态化转化为培训的效益化。")
    )
    assert articles[4].paragraphs[1].endswith("为人民群众的生命和财产安全保驾护航。")


def test_hard_wrapped_lines_of_the_2019_seed_become_paragraphs():
    articles = parse_seed(SEED_2019).articles
    assert articles[0].paragraphs[0] == (
        "11月27日，为全面贯彻落实国家邮政局生态环保工作要求，切实打好本市邮政业污染防治攻坚战，"
        "推动落实寄递企业生态环保主体责任，确保“9582”年度工作目标的落实，上海市邮政管理局召开"
        "了邮政业生态环保工作推进会，局党组成员、副局长余洪伟出席并讲话。"
    )
    # Short first lines without a comma, after the page number and in the last article:
    # paragraph starts, not headlines.
    assert articles[2].paragraphs[-1] == (
        "申通快递客服管理部呼叫中心计划明年将AI智能客服机器人推广至申通全网网点使用，"
        "有效赋能网点，减少网点客服压力。"
    )
    assert (
        articles[5]
        .paragraphs[-1]
        .startswith("室内通用移动平台则是一款应用在室内环境的多功能机器人产品，")
    )
    assert (
        articles[5]
        .paragraphs[0]
        .startswith("11月19日，2019京东全球科技探索者大会（JDDiscovery）举行，")
    )


def test_lines_given_as_a_list_parse_as_the_text_does():
    text = seed_text(SEED_2020)
    assert parse_bulletin_lines(text.split("\n")) == parse_bulletin(text)


# --- Repairs -------------------------------------------------------------------------------


def test_a_hard_wrap_inside_a_sentence_is_joined_without_a_space():
    article = one_article(
        HEADLINE, "近日，京东物流与纵行科技达成战", "略合作，双方将发挥各自优势。"
    )
    assert article.paragraphs == ("近日，京东物流与纵行科技达成战略合作，双方将发挥各自优势。",)


def test_a_hard_wrap_between_latin_words_keeps_a_space():
    article = one_article(HEADLINE, "近日，大会以 Logistics", "Technology 为主题在上海举行。")
    assert article.paragraphs == ("近日，大会以Logistics Technology为主题在上海举行。",)


def test_a_wrapped_first_line_without_punctuation_is_not_a_headline():
    # Hard-wrapped at 16 characters, first lines indented by two: the second paragraph's
    # first line has no comma, but a full line follows it, so the paragraph goes on.
    article = one_article(
        "京东物流与纵行科技合作",
        "近日，京东物流与纵行科技达成",
        "战略合作，双方将发挥各自优势，在",
        "智能物业产品共创、商业渠道资源共",
        "享等领域深入合作。",
        "双方将共同孵化开发出一套智能",
        "物业产品与平台，并将广泛应用于酒",
        "店和商业写字楼等智能物业场景中。",
    )
    assert article.paragraphs == (
        "近日，京东物流与纵行科技达成战略合作，双方将发挥各自优势，在智能物业产品共创、"
        "商业渠道资源共享等领域深入合作。",
        "双方将共同孵化开发出一套智能物业产品与平台，并将广泛应用于酒店和商业写字楼等"
        "智能物业场景中。",
    )


def test_a_paragraph_split_by_a_page_break_is_joined():
    article = one_article(
        HEADLINE,
        "",
        "近日，上海市交通委联合印发《上海市邮政业中长",
        "",
        "",
        "期规划》，完成了专项规划。",
        "",
        "下一步将持续推动行业高质量发展。",
    )
    assert article.paragraphs == (
        "近日，上海市交通委联合印发《上海市邮政业中长期规划》，完成了专项规划。",
        "下一步将持续推动行业高质量发展。",
    )


@pytest.mark.parametrize("page_number", ["5", "— 5 —", "-5-", "- 5 -", "—12—", "  － 3 －  "])
def test_page_numbers_are_dropped(page_number):
    article = one_article(
        HEADLINE, "客服培训既能适应客服建设，又能推动", page_number, "网点转型发展。"
    )
    assert article.paragraphs == ("客服培训既能适应客服建设，又能推动网点转型发展。",)


@pytest.mark.parametrize("indent", ["\u3000\u3000", "  ", "\t", " \u3000"])
def test_spaces_around_lines_are_dropped(indent):
    article = one_article(indent + HEADLINE + indent, indent + BODY + indent)
    assert (article.headline, article.paragraphs) == (HEADLINE, (BODY,))


def test_spaces_extraction_put_beside_chinese_characters_are_dropped():
    article = one_article(HEADLINE, "11 月 19 日 ， 2019 京 东 全 球 大 会举行，展示了 AI 技术。")
    assert article.paragraphs == ("11月19日，2019京东全球大会举行，展示了AI技术。",)


def test_a_headline_keeps_its_inner_space():
    article = one_article("奉献点滴爱心\u3000助力脱贫攻坚", BODY)
    assert article.headline == "奉献点滴爱心 助力脱贫攻坚"


def test_an_organisation_heading_and_a_subheadline():
    bulletin = parse_lines(
        *MASTHEAD,
        ISSUE_LINE,
        DATE_LINE,
        "中国邮政集团有限公司上海市宝山区分公司",
        "投递员收获一封特殊的感谢信",
        "近日，高老先生送上了一幅书法作品。",
        "奉献点滴爱心 助力脱贫攻坚",
        "上海局联合韵达速递积极参与爱心校服漂流活动",
        "7月16日，志愿行动发车仪式举办。",
        *DISTRIBUTION,
    )
    first, second = bulletin.articles
    assert (first.organisation, first.headline, first.subheadline) == (
        "中国邮政集团有限公司上海市宝山区分公司",
        "投递员收获一封特殊的感谢信",
        "",
    )
    assert (second.organisation, second.headline, second.subheadline) == (
        "",
        "奉献点滴爱心 助力脱贫攻坚",
        "上海局联合韵达速递积极参与爱心校服漂流活动",
    )
    assert [first.line, second.line] == [6, 8]


@pytest.mark.parametrize("heading", ["一、共同开发产品", "（二）共享渠道资源", "3.合作方式"])
def test_a_numbered_heading_inside_a_body_is_a_paragraph_of_its_own(heading):
    article = one_article(HEADLINE, BODY, heading, "双方将共同孵化开发智能物业产品。")
    assert article.paragraphs == (BODY, heading, "双方将共同孵化开发智能物业产品。")


def test_a_masthead_with_half_width_brackets_spaces_and_compiler_and_date_on_one_line():
    bulletin = parse_lines(
        "上海市快递行业",
        "精神文明创建工作简报",
        "2020 年第 26 期 (总第 289 期)",
        "上海市快递行业精神文明创建办公室编\u3000\u3000\u30002020年7月20日",
        HEADLINE,
        BODY,
    )
    assert bulletin.series_title == "上海市快递行业 精神文明创建工作简报"
    assert bulletin.compiler == "上海市快递行业精神文明创建办公室"
    assert (bulletin.year, bulletin.number, bulletin.cumulative_number) == (2020, 26, 289)
    assert bulletin.issue_date == datetime.date(2020, 7, 20)
    assert bulletin.recipients == ()
    assert bulletin.missing == ()


def test_an_issue_line_without_cumulative_number():
    bulletin = parse_lines(*MASTHEAD, "2020年第26期", HEADLINE, BODY)
    assert (bulletin.number, bulletin.cumulative_number) == (26, None)
    assert bulletin.missing == ("cumulative_number", "issue_date")


def test_the_distribution_block_with_every_role_and_a_print_count():
    bulletin = parse_lines(
        HEADLINE,
        BODY,
        "报：国家邮政局精神文明建设指导委员会",
        "上海市精神文明建设委员会",
        "送:上海市文明办,上海市交通委",
        "文明办，上海市邮政管理局各处室、管理局、文明办",
        "发：各快递企业",
        "上海市快递行业精神文明创建办公室   2020年7月20日印发",
        "共印 120 份",
    )
    assert [(r.role, r.name, r.line) for r in bulletin.recipients] == [
        ("report", "国家邮政局精神文明建设指导委员会", 3),
        ("report", "上海市精神文明建设委员会", 4),
        ("send", "上海市文明办", 5),
        ("send", "上海市交通委文明办", 5),
        ("send", "上海市邮政管理局各处室、管理局、文明办", 6),
        ("issue", "各快递企业", 7),
    ]
    assert bulletin.print_count == 120
    # The block's office and date stand in for the masthead the text lacks.
    assert bulletin.compiler == "上海市快递行业精神文明创建办公室"
    assert bulletin.issue_date == datetime.date(2020, 7, 20)
    assert bulletin.missing == ("series_title", "year", "number", "cumulative_number")


def test_recipients_on_separate_lines_are_separate_even_under_send():
    bulletin = parse_lines(HEADLINE, BODY, "发：各区邮政管理局", "各快递企业")
    assert [r.name for r in bulletin.recipients] == ["各区邮政管理局", "各快递企业"]


# --- Broken input --------------------------------------------------------------------------


def error_of(*lines: str) -> BulletinParseError:
    with pytest.raises(BulletinParseError) as caught:
        parse_lines(*lines)
    return caught.value


@pytest.mark.parametrize(
    "issue_line", ["2020年增刊第1期（总第290期）", "2020年第5期（特刊）", "号外 总第290期"]
)
def test_a_supplement_or_special_issue_is_refused_at_its_issue_line(issue_line):
    # Numbered apart from the regular issues, the only ones the archive holds.
    error = error_of(*MASTHEAD, issue_line, DATE_LINE, HEADLINE, BODY)
    assert error.line == 3
    assert "增刊、特刊、专刊和号外另行编号" in str(error)


def test_a_headline_that_mentions_a_special_issue_is_an_article():
    parsed = parse_lines(
        *MASTHEAD, ISSUE_LINE, DATE_LINE, "《中国邮政快递报》2020年推出抗疫特刊", BODY
    )
    assert parsed.number == 26
    assert parsed.articles[0].headline == "《中国邮政快递报》2020年推出抗疫特刊"


def test_the_error_message_names_the_file_the_line_and_what_was_expected():
    error = error_of(*MASTHEAD, "", "2020年第X期（总第289期）", DATE_LINE, HEADLINE, BODY)
    assert (error.source_name, error.line) == ("bulletin.txt", 4)
    assert str(error) == "bulletin.txt 第4行：应为“YYYY年第N期（总第M期）”格式的刊期"


@pytest.mark.parametrize("issue_line", ["2020年第X期", "2020年第期（总第289期）"])
def test_a_malformed_issue_line(issue_line):
    assert error_of(*MASTHEAD, issue_line, HEADLINE, BODY).line == 3


@pytest.mark.parametrize("issue_line", ["2020年第二十六期（总第289期）", "2020年第26期（总第289期"])
def test_an_issue_line_in_chinese_numerals_or_without_its_closing_bracket(issue_line):
    bulletin = parse_lines(*MASTHEAD, issue_line, HEADLINE, BODY)
    assert (bulletin.year, bulletin.number, bulletin.cumulative_number) == (2020, 26, 289)


def test_an_impossible_date_in_the_masthead():
    error = error_of(*MASTHEAD, ISSUE_LINE, "", "2020年2月30日", HEADLINE, BODY)
    assert error.line == 5
    assert "日期" in str(error)


def test_a_masthead_fact_given_twice():
    assert error_of(*MASTHEAD, ISSUE_LINE, DATE_LINE, "2020年7月21日", HEADLINE, BODY).line == 5


def test_an_impossible_date_in_the_distribution_block():
    assert error_of(HEADLINE, BODY, *DISTRIBUTION, "2020年13月1日印发").line == 5


@pytest.mark.parametrize(
    ("lines", "line"),
    [
        ((), 1),
        (("", "  ", "5"), 3),
        ((*MASTHEAD, ISSUE_LINE, DATE_LINE), 4),
        ((*MASTHEAD, ISSUE_LINE, DATE_LINE, "", *DISTRIBUTION), 6),
    ],
)
def test_a_text_without_any_article(lines, line):
    error = error_of(*lines)
    assert error.line == line
    assert "至少一篇文章" in str(error)


def test_a_text_that_starts_with_body_text_instead_of_a_headline():
    error = error_of(*MASTHEAD, ISSUE_LINE, DATE_LINE, BODY, "下一步将持续推动行业高质量发展。")
    assert error.line == 5
    assert "文章标题" in str(error)


def test_a_headline_without_body():
    error = error_of(*MASTHEAD, ISSUE_LINE, DATE_LINE, HEADLINE, *DISTRIBUTION)
    assert error.line == 5
    assert "正文" in str(error)


def test_text_after_the_end_of_the_distribution_block():
    error = error_of(HEADLINE, BODY, *DISTRIBUTION, "共印120份", "", "附件：2020年工作要点")
    assert error.line == 7


def test_body_text_inside_the_distribution_block():
    error = error_of(HEADLINE, BODY, "报：国家邮政局", "", HEADLINE, "近日，双方达成战略合作。")
    assert error.line == 6
    assert "报送单位" in str(error)
