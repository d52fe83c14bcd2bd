"""The layouts of other offices' bulletins, as .txt and as Word files, field by field.

Each sample (tests/archive_samples.py) is read from text, from text hard-wrapped as a PDF
gives it, from Word with Title and Heading styles, and from Word with bold centred
headlines, and every fact is checked:
series, year, numbers, date, compiler, each headline, subheadline, byline, source and
编者按, every body character, the 报/送/发 names and the print count.
"""

import datetime
from io import BytesIO, StringIO

import docx
import pytest
from django.core.management import call_command
from docx.enum.text import WD_ALIGN_PARAGRAPH

from archive_import.models import ImportRecord
from archive_import.parsing import parse_bulletin, parse_bulletin_lines
from archive_import.reading import UnreadableFile, decode_text, docx_lines
from issues.models import Issue, Series
from tests.archive_samples import SAMPLES, Sample


def parsed(sample: Sample, form: str):
    if form == "txt":
        return parse_bulletin(sample.text(), source_name=f"{sample.name}.txt")
    if form == "txt-wrapped":
        return parse_bulletin(sample.hard_wrapped_text(), source_name=f"{sample.name}.txt")
    data = sample.docx(headlines_bold=form == "docx-bold")
    return parse_bulletin_lines(docx_lines(f"{sample.name}.docx", data), source_name="x.docx")


@pytest.mark.parametrize(
    ("sample", "form"),
    [(sample, form) for sample in SAMPLES for form in sample.formats],
    ids=lambda value: value if isinstance(value, str) else value.name,
)
def test_every_fact_of_the_sample(sample, form):
    bulletin, expected = parsed(sample, form), sample.expected
    assert bulletin.series_title == expected.series_title
    assert bulletin.compiler == expected.compiler
    assert (bulletin.year, bulletin.number, bulletin.cumulative_number) == (
        expected.year,
        expected.number,
        expected.cumulative_number,
    )
    assert bulletin.issue_date == expected.issue_date
    assert bulletin.print_count == expected.print_count
    assert bulletin.editor_note == expected.editor_note
    assert [
        (a.headline, a.subheadline, a.byline, a.source, a.editor_note, a.paragraphs)
        for a in bulletin.articles
    ] == expected.articles
    assert [(r.role, r.name) for r in bulletin.recipients] == expected.recipients


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda sample: sample.name)
def test_the_guesses_of_the_sample_are_reported(sample):
    guesses = [note.message for note in parsed(sample, "txt").guesses]
    for word in sample.expected.guesses:
        assert any(word in guess for guess in guesses), (word, guesses)
    if not sample.expected.guesses:
        assert guesses == []


def test_a_contents_list_and_web_menus_are_left_out_and_said():
    messages = [note.message for note in parsed(SAMPLES[0], "txt").notes]
    assert "第8行起：目录（3行）已略去" in messages
    messages = [note.message for note in parsed(SAMPLES[1], "txt").notes]
    assert "网页菜单等3行已略去（第1行起）" in messages


# --- Encodings -----------------------------------------------------------------------------

TEXT = SAMPLES[3].text()


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with its BOM, as Notepad's "Unicode"
        TEXT.encode("utf-16-le"),
        TEXT.encode("utf-16-be"),
        TEXT.encode("gb18030"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-le", "utf-16-be", "gb18030"],
)
def test_text_files_in_every_common_encoding(data):
    assert decode_text("a.txt", data) == TEXT


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n" + bytes(200), b"\xff\xfe\x00"],
    ids=["binary", "png", "odd-utf-16"],
)
def test_a_binary_or_broken_text_file_is_named_in_chinese(data):
    with pytest.raises(UnreadableFile) as error:
        decode_text("旧简报.txt", data)
    assert str(error.value).startswith("旧简报.txt：")


# --- The folder, through the command -------------------------------------------------------


@pytest.fixture
def sample_series(db):
    return [
        Series.objects.create(title=sample.expected.series_title, slug=f"s{number}")
        for number, sample in enumerate(SAMPLES)
    ]


def test_a_folder_of_txt_and_docx_imports_file_by_file(sample_series, approver, tmp_path):
    for sample in SAMPLES[:4]:
        (tmp_path / f"{sample.name}.txt").write_text(sample.text(), encoding="gb18030")
    (tmp_path / "word").mkdir()
    (tmp_path / "word" / "standard.docx").write_bytes(SAMPLES[3].docx())
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    out = StringIO()
    with pytest.raises(Exception, match=r"broken\.txt：不是文本文件"):
        call_command("import_bulletin", str(tmp_path), user="approver", stdout=out)
    table = out.getvalue()
    assert "待核对" in table and "已导入" in table and "已跳过" in table
    # The .docx is the standard sample again: the same issue, skipped, not doubled.
    assert Issue.objects.count() == 4
    standard = Issue.objects.get(series__title="某区街道工作简报")
    assert standard.status == Issue.Status.PUBLISHED  # no guesses
    assert standard.issue_line == "2021年第12期（总第245期）"
    county = Issue.objects.get(series__title="某某县教育工作简报")
    assert county.status == Issue.Status.DRAFT  # guessed: to be checked
    assert county.editor_note.startswith("春季开学以来")
    first, second = county.articles.all()
    assert (first.byline, first.source) == ("王某", "县教育局安全科")
    assert second.editor_note == "城关小学的做法值得推广。"
    record = county.import_record
    assert record.status == ImportRecord.Status.NEEDS_REVIEW
    assert (record.year, record.number, record.cumulative_number) == (2023, 5, 128)
    assert "某某县教育工作简报" in record.original_text

    # A second run skips every file that is in.
    out = StringIO()
    with pytest.raises(Exception, match=r"broken\.txt"):
        call_command("import_bulletin", str(tmp_path), user="approver", stdout=out)
    assert "已跳过 5" in out.getvalue()
    assert Issue.objects.count() == 4


def test_accept_guesses_records_the_past_issue_at_once(sample_series, approver, tmp_path):
    path = tmp_path / "county.docx"
    path.write_bytes(SAMPLES[0].docx())
    call_command(
        "import_bulletin", str(path), user="approver", accept_guesses=True, stdout=StringIO()
    )
    issue = Issue.objects.get()
    assert issue.status == Issue.Status.PUBLISHED
    assert issue.issue_line == "2023年第5期（总第128期）"
    assert issue.print_count == 30
    assert [r.display_name for r in issue.recipients_for_print()] == [
        "县委办公室",
        "县政府办公室",
        "市教育局",
        "县委宣传部",
        "各乡镇中心学校",
    ]


# --- Word structure ------------------------------------------------------------------------


def word_file(build) -> list:
    document = docx.Document()
    build(document)
    out = BytesIO()
    document.save(out)
    return docx_lines("简报.docx", out.getvalue())


def test_lower_headings_inside_a_word_body_stay_in_it():
    def build(document):
        document.add_paragraph("某某县教育工作简报", style="Title")
        document.add_paragraph("2023年第5期（总第128期）")
        document.add_heading("全县教育系统安全工作会议召开", level=1)
        document.add_paragraph("3月10日，全县教育系统安全工作会议召开。")
        document.add_heading("一、提高认识", level=2)
        document.add_paragraph("安全是底线。")
        document.add_heading("会议要求", level=2)
        document.add_paragraph("各校要落实责任。")
        document.add_heading("城关小学开展消防演练", level=1)
        document.add_heading("——全校师生参加", level=2)
        document.add_paragraph("3月12日，城关小学开展消防演练。")

    bulletin = parse_bulletin_lines(word_file(build), source_name="简报.docx")
    first, second = bulletin.articles
    assert first.paragraphs == (
        "3月10日，全县教育系统安全工作会议召开。",
        "一、提高认识",
        "安全是底线。",
        "会议要求",
        "各校要落实责任。",
    )
    assert (second.headline, second.subheadline) == ("城关小学开展消防演练", "——全校师生参加")


def test_a_word_masthead_and_distribution_block_in_tables():
    def build(document):
        document.add_paragraph("某区街道工作简报", style="Title")
        document.add_paragraph("2021年第12期（总第245期）")
        masthead = document.add_table(rows=1, cols=2)
        masthead.rows[0].cells[0].text = "某区人民政府办公室编"
        masthead.rows[0].cells[1].text = "2021年6月30日"
        document.add_heading("某某街道开展垃圾分类宣传", level=1)
        document.add_paragraph("6月28日，某某街道开展垃圾分类宣传活动。")
        block = document.add_table(rows=3, cols=1)
        block.rows[0].cells[0].text = "报：市政府办公厅"
        block.rows[1].cells[0].text = "送：区委办公室，区人大办公室。"
        block.rows[2].cells[0].text = "某区人民政府办公室    2021年6月30日印发"

    bulletin = parse_bulletin_lines(word_file(build), source_name="简报.docx")
    assert bulletin.compiler == "某区人民政府办公室"
    assert bulletin.issue_date == datetime.date(2021, 6, 30)
    assert [(r.role, r.name) for r in bulletin.recipients] == [
        ("report", "市政府办公厅"),
        ("send", "区委办公室"),
        ("send", "区人大办公室"),
    ]
    assert bulletin.guesses == ()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 not a zip", "Word 文件已损坏"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "旧的 .doc 格式"),
    ],
)
def test_a_broken_or_old_word_file_is_named_in_chinese(data, message):
    with pytest.raises(UnreadableFile, match=message) as error:
        docx_lines("往期.docx", data)
    assert str(error.value).startswith("往期.docx：")


def test_a_monthly_masthead_under_its_office():
    bulletin = parse_bulletin(
        "中共某某县委办公室\n信息快报\n第9期（总第102期）          2020年5月\n"
        "县委常委会召开会议\n5月8日，县委常委会召开会议。\n送：市委办公室\n",
        source_name="快报.txt",
    )
    assert bulletin.series_title == "中共某某县委办公室 信息快报"
    assert bulletin.compiler == "中共某某县委办公室"
    assert (bulletin.year, bulletin.number, bulletin.cumulative_number) == (2020, 9, 102)
    assert bulletin.issue_date == datetime.date(2020, 5, 1)
    guesses = [note.message for note in bulletin.guesses]
    assert "报头日期只写到月份，按5月1日记录" in guesses
    assert "第1行：编印单位取自报头首行" in guesses


@pytest.mark.parametrize(
    ("line", "facts"),
    [
        ("2023年第5期（总第128期）", (2023, 5, 128, None)),
        ("二〇二三年第五期（总第一百二十八期）", (2023, 5, 128, None)),
        ("〔2023〕第5期 总第128期", (2023, 5, 128, None)),
        ("总第128期 第5期 2023年3月15日", (2023, 5, 128, datetime.date(2023, 3, 15))),
        ("2023年3月15日(第5期)总128期", (2023, 5, 128, datetime.date(2023, 3, 15))),
        ("第5期    二〇二三年三月十五日    总第128期", (2023, 5, 128, datetime.date(2023, 3, 15))),
        ("某办公室编 第5期(总第128期) 2023.3.15", (2023, 5, 128, datetime.date(2023, 3, 15))),
    ],
)
def test_issue_lines_in_their_common_forms(line, facts):
    bulletin = parse_bulletin(
        f"工作简报\n{line}\n某局召开会议\n3月14日，某局召开会议。\n送：某办\n", source_name="a.txt"
    )
    assert (
        bulletin.year,
        bulletin.number,
        bulletin.cumulative_number,
        bulletin.issue_date if facts[3] else None,
    ) == facts


def test_a_title_ending_in_bian_is_no_compiler():
    bulletin = parse_bulletin(
        "安全生产资料汇编\n某县应急管理局编\n2022年第4期（总第40期）\n"
        "全县开展安全检查\n4月1日，全县开展安全检查。\n送：各乡镇\n",
        source_name="汇编.txt",
    )
    assert bulletin.series_title == "安全生产资料汇编"
    assert bulletin.compiler == "某县应急管理局"


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("作者：王某", "王某"),
        ("文/王某 李某", "王某 李某"),
        ("文：王某", "王某"),
        ("撰稿：王某", "王某"),
        ("执笔：王某", "王某"),
        ("通讯员 王某", "王某"),
        ("本刊记者 王某", "王某"),
        ("（记者 王某）", "王某"),
        ("王某", "王某"),
        ("王某 李某", "王某、李某"),
    ],
)
def test_bylines_under_the_headline(line, byline):
    bulletin = parse_bulletin(
        f"全县开展安全检查\n{line}\n4月1日，全县开展安全检查。\n送：各乡镇\n", source_name="a.txt"
    )
    (article,) = bulletin.articles
    assert (article.headline, article.byline) == ("全县开展安全检查", byline)
    assert article.paragraphs == ("4月1日，全县开展安全检查。",)


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("（城关街道供稿）", "城关街道"),
        ("（供稿：城关街道）", "城关街道"),
        ("（来源：城关街道）", "城关街道"),
        ("来源：城关街道", "城关街道"),
        ("城关街道供稿", "城关街道"),
        ("——县教育局安全科", "县教育局安全科"),
        ("（县教育局）", "县教育局"),
        ("（作者单位：县教育局）", "县教育局"),
    ],
)
def test_sources_closing_an_article(line, source):
    bulletin = parse_bulletin(
        f"全县开展安全检查\n4月1日，全县开展安全检查。\n{line}\n送：各乡镇\n", source_name="a.txt"
    )
    (article,) = bulletin.articles
    assert article.source == source
    assert article.paragraphs == ("4月1日，全县开展安全检查。",)


def test_a_contents_list_whose_entries_differ_from_the_headlines():
    bulletin = parse_bulletin(
        "教育简报\n第5期\n某县教育局办公室编\n目  录\n◆安全工作会议召开……1\n◆消防演练……2\n"
        "全县教育系统安全工作会议召开\n作者：王某\n3月10日，会议召开。\n"
        "城关小学开展消防演练\n3月12日，演练举行。\n送：各校\n",
        source_name="a.txt",
    )
    assert [article.headline for article in bulletin.articles] == [
        "全县教育系统安全工作会议召开",
        "城关小学开展消防演练",
    ]
    assert bulletin.articles[0].byline == "王某"
    assert "第4行起：目录（3行）已略去" in [note.message for note in bulletin.notes]


def test_a_bare_name_under_a_headline_and_its_subheadline():
    bulletin = parse_bulletin(
        "城关小学开展消防演练\n——全校师生参加\n张三 李四\n3月12日，演练举行。\n送：各校\n",
        source_name="a.txt",
    )
    (article,) = bulletin.articles
    assert (article.headline, article.subheadline, article.byline) == (
        "城关小学开展消防演练",
        "——全校师生参加",
        "张三、李四",
    )
    assert article.paragraphs == ("3月12日，演练举行。",)


TEXT_BOX = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:v="urn:schemas-microsoft-com:vml">'
    '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>{paragraphs}'
    "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>"
    "<w:txbxContent>{paragraphs}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
    "</mc:AlternateContent></w:r>"
)


def test_a_masthead_in_a_word_text_box_is_read_once():
    from docx.oxml import parse_xml

    def build(document):
        anchor = document.add_paragraph("某某县教育工作简报", style="Title")
        paragraphs = "".join(
            f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
            for text in ("2023年第5期（总第128期）", "某某县教育局办公室编    2023年3月15日")
        )
        anchor._p.append(parse_xml(TEXT_BOX.format(paragraphs=paragraphs)))
        document.add_heading("全县教育系统安全工作会议召开", level=1)
        document.add_paragraph("3月10日，会议召开。")

    bulletin = parse_bulletin_lines(word_file(build), source_name="简报.docx")
    assert (bulletin.year, bulletin.number, bulletin.cumulative_number) == (2023, 5, 128)
    assert bulletin.compiler == "某某县教育局办公室"
    assert bulletin.issue_date == datetime.date(2023, 3, 15)
    assert [article.headline for article in bulletin.articles] == ["全县教育系统安全工作会议召开"]


def test_a_word_file_with_plain_headlines_is_read_as_text_is():
    def build(document):
        document.add_paragraph("某某县教育工作简报", style="Title")
        document.add_paragraph("2023年第5期（总第128期）")
        document.add_paragraph("全县教育系统安全工作会议召开")
        document.add_paragraph("3月10日，会议召开。")
        bold = document.add_paragraph()
        bold.add_run("会议要求").bold = True
        bold.alignment = WD_ALIGN_PARAGRAPH.CENTER
        document.add_paragraph("各校要落实责任。")
        document.add_paragraph("城关小学开展消防演练")
        document.add_paragraph("3月12日，演练举行。")

    bulletin = parse_bulletin_lines(word_file(build), source_name="简报.docx")
    assert [article.headline for article in bulletin.articles] == [
        "全县教育系统安全工作会议召开",
        "会议要求",
        "城关小学开展消防演练",
    ]
