"""Bulletins in the layouts other offices use, as .txt lines and as Word files with real styles.

Each sample is a list of (role, text) blocks and the facts a correct import finds in it.
Roles tell the Word writer how a real bulletin formats the block: "title" (Title style),
"headline" (Heading 1), "subheadline" (Heading 2), "bold" (a bold centred Normal
paragraph, as many offices make headlines), "row" (cells of a table row, split on " | "),
and "text" for everything else. Holds no tests itself.
"""

import datetime
from dataclasses import dataclass, field
from io import BytesIO

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH


@dataclass(frozen=True)
class Expected:
    series_title: str | None
    compiler: str | None
    year: int | None
    number: int | None
    cumulative_number: int | None
    issue_date: datetime.date | None
    print_count: int | None
    # (headline, subheadline, byline, source, editor_note, paragraphs)
    articles: list[tuple]
    recipients: list[tuple[str, str]]
    editor_note: str = ""
    guesses: list[str] = field(default_factory=list)  # a word of each guess expected


@dataclass(frozen=True)
class Sample:
    name: str
    blocks: list[tuple[str, str]]
    expected: Expected
    formats: tuple[str, ...] = ("txt", "txt-wrapped", "docx-styles", "docx-bold")

    def text(self) -> str:
        return "\n".join(text.replace(" | ", "    ") for _role, text in self.blocks) + "\n"

    def hard_wrapped_text(self, width: int = 26) -> str:
        """The text as copied out of a PDF: paragraphs indented and cut into lines of `width`."""
        lines = []
        for role, text in self.blocks:
            text = text.replace(" | ", "    ")
            if role == "text" and len(text) > width and "。" in text:
                text = "\u3000\u3000" + text
                lines += [text[start : start + width] for start in range(0, len(text), width)]
            else:
                lines.append(text)
        return "\n".join(lines) + "\n"

    def docx(self, *, headlines_bold: bool = False) -> bytes:
        document = docx.Document()
        for role, text in self.blocks:
            if role == "title":
                document.add_paragraph(text, style="Title")
            elif role == "headline" and not headlines_bold:
                document.add_paragraph(text, style="Heading 1")
            elif role == "subheadline" and not headlines_bold:
                document.add_paragraph(text, style="Heading 2")
            elif role in ("headline", "subheadline", "bold"):
                paragraph = document.add_paragraph()
                paragraph.add_run(text).bold = True
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif role == "row":
                cells = text.split(" | ")
                table = document.add_table(rows=1, cols=len(cells))
                for cell, cell_text in zip(table.rows[0].cells, cells, strict=True):
                    cell.text = cell_text
            else:
                document.add_paragraph(text)
        out = BytesIO()
        document.save(out)
        return out.getvalue()


COUNTY = Sample(
    "county-education",
    [
        ("text", "内部资料 注意保存"),
        ("title", "某某县教育工作简报"),
        ("text", "第5期"),
        ("text", "（总第128期）"),
        ("row", "某某县教育局办公室编 | 二〇二三年三月十五日"),
        ("text", "━━━━━━━━━━━━━━━━━━━━"),
        ("text", "编者按：春季开学以来，各校狠抓安全工作。现将有关情况摘编如下，供参考。"),
        ("text", "本期要目"),
        ("text", "★局长李某强调：把安全作为第一要务"),
        ("text", "★城关小学开展消防演练"),
        ("headline", "局长李某强调："),
        ("headline", "把安全作为第一要务"),
        ("text", "作者：王某"),
        ("text", "3月10日，全县教育系统安全工作会议召开。局长李某出席并讲话。"),
        ("text", "会议要求，各校要把安全作为第一要务，落实“一岗双责”。"),
        ("text", "——县教育局安全科"),
        ("headline", "城关小学开展消防演练"),
        ("text", "张三 李四"),
        ("text", "编者按：城关小学的做法值得推广。"),
        ("text", "3月12日，城关小学组织全体师生开展消防疏散演练。"),
        ("text", "演练历时15分钟，全校1200余名师生安全撤离。（城关街道供稿）"),
        ("text", "报：县委办公室，县政府办公室"),
        ("text", "送：市教育局，县委宣传部。"),
        ("text", "抄送：各乡镇中心学校"),
        ("text", "某某县教育局办公室        2023年3月15日印发"),
        ("text", "（共印30份）"),
    ],
    Expected(
        series_title="某某县教育工作简报",
        compiler="某某县教育局办公室",
        year=2023,
        number=5,
        cumulative_number=128,
        issue_date=datetime.date(2023, 3, 15),
        print_count=30,
        editor_note="春季开学以来，各校狠抓安全工作。现将有关情况摘编如下，供参考。",
        articles=[
            (
                "局长李某强调：把安全作为第一要务",
                "",
                "王某",
                "县教育局安全科",
                "",
                (
                    "3月10日，全县教育系统安全工作会议召开。局长李某出席并讲话。",
                    "会议要求，各校要把安全作为第一要务，落实“一岗双责”。",
                ),
            ),
            (
                "城关小学开展消防演练",
                "",
                "张三、李四",
                "城关街道",
                "城关小学的做法值得推广。",
                (
                    "3月12日，城关小学组织全体师生开展消防疏散演练。",
                    "演练历时15分钟，全校1200余名师生安全撤离。",
                ),
            ),
        ],
        recipients=[
            ("report", "县委办公室"),
            ("report", "县政府办公室"),
            ("send", "市教育局"),
            ("send", "县委宣传部"),
            ("send", "各乡镇中心学校"),
        ],
        guesses=["人名", "年份取自日期"],
    ),
)

WEB_COPY = Sample(
    "research-centre-web-copy",
    [
        ("text", "首页 | 机构概况 | 新闻中心 | 政务公开"),
        ("text", "当前位置：首页 > 工作动态 > 简报"),
        ("title", "调查研究简报"),
        ("text", "发展研究中心编 第1期(总第7期) 2004年3月19日"),
        ("headline", "关于加强调研工作的几点思考"),
        ("text", "调研工作是决策的基础。近年来，中心调研工作取得明显成效。"),
        ("text", "一、提高认识。调研是谋事之基、成事之道。"),
        ("text", "（研究一处供稿）"),
        ("headline", "中心召开季度工作会"),
        ("subheadline", "——部署二季度重点任务"),
        ("text", "3月18日，中心召开一季度工作总结会。"),
        ("text", "（来源：办公室）"),
        ("text", "送：各处室，各研究所"),
        ("text", "打印本页 关闭窗口"),
    ],
    Expected(
        series_title="调查研究简报",
        compiler="发展研究中心",
        year=2004,
        number=1,
        cumulative_number=7,
        issue_date=datetime.date(2004, 3, 19),
        print_count=None,
        articles=[
            (
                "关于加强调研工作的几点思考",
                "",
                "",
                "研究一处",
                "",
                (
                    "调研工作是决策的基础。近年来，中心调研工作取得明显成效。",
                    "一、提高认识。调研是谋事之基、成事之道。",
                ),
            ),
            (
                "中心召开季度工作会",
                "——部署二季度重点任务",
                "",
                "办公室",
                "",
                ("3月18日，中心召开一季度工作总结会。",),
            ),
        ],
        recipients=[("send", "各处室"), ("send", "各研究所")],
        guesses=["年份取自日期"],
    ),
)

DATE_FIRST = Sample(
    "market-date-first",
    [
        ("title", "市场监管工作动态"),
        ("text", "2007年9月15日(第4期)总4期"),
        ("text", "主办：某市市场监督管理局办公室"),
        ("headline", "市局召开食品安全工作会议"),
        ("text", "通讯员 赵某"),
        ("text", "9月14日，市局召开全市食品安全工作会议。"),
        ("text", "会议强调，要压实企业主体责任。"),
        ("text", "来源：食品安全处"),
        ("text", "抄报：省市场监督管理局"),
        ("text", "分送：各区县局，局机关各处室。"),
        ("text", "责任编辑：钱某    签发：孙某"),
        ("text", "某市市场监督管理局办公室    二〇〇七年九月十五日印发"),
        ("text", "共印五十份"),
    ],
    Expected(
        series_title="市场监管工作动态",
        compiler="某市市场监督管理局办公室",
        year=2007,
        number=4,
        cumulative_number=4,
        issue_date=datetime.date(2007, 9, 15),
        print_count=50,
        articles=[
            (
                "市局召开食品安全工作会议",
                "",
                "赵某",
                "食品安全处",
                "",
                ("9月14日，市局召开全市食品安全工作会议。", "会议强调，要压实企业主体责任。"),
            ),
        ],
        recipients=[
            ("report", "省市场监督管理局"),
            ("issue", "各区县局"),
            ("issue", "局机关各处室"),
        ],
        guesses=["年份取自日期"],
    ),
)

STANDARD = Sample(
    "standard-one-line",
    [
        ("title", "某区街道工作简报"),
        ("text", "2021年第12期（总第245期）"),
        ("row", "某区人民政府办公室编 | 2021年6月30日"),
        ("headline", "某某街道开展垃圾分类宣传"),
        ("text", "6月28日，某某街道在社区广场开展垃圾分类宣传活动。"),
        ("text", "活动现场发放宣传册500余份。"),
        ("headline", "区政务服务中心推行“一网通办”"),
        ("text", "今年以来，区政务服务中心推行“一网通办”，办件时限压缩一半。"),
        ("text", "（区政务服务中心 供稿）"),
        ("text", "报：市政府办公厅"),
        ("text", "送：区委办公室，区人大办公室，"),
        ("text", "区政协办公室"),
        ("text", "发：各街道办事处"),
        ("text", "某区人民政府办公室    2021年6月30日印发"),
    ],
    Expected(
        series_title="某区街道工作简报",
        compiler="某区人民政府办公室",
        year=2021,
        number=12,
        cumulative_number=245,
        issue_date=datetime.date(2021, 6, 30),
        print_count=None,
        articles=[
            (
                "某某街道开展垃圾分类宣传",
                "",
                "",
                "",
                "",
                (
                    "6月28日，某某街道在社区广场开展垃圾分类宣传活动。",
                    "活动现场发放宣传册500余份。",
                ),
            ),
            (
                "区政务服务中心推行“一网通办”",
                "",
                "",
                "区政务服务中心",
                "",
                ("今年以来，区政务服务中心推行“一网通办”，办件时限压缩一半。",),
            ),
        ],
        recipients=[
            ("report", "市政府办公厅"),
            ("send", "区委办公室"),
            ("send", "区人大办公室"),
            ("send", "区政协办公室"),
            ("issue", "各街道办事处"),
        ],
    ),
)

SAMPLES = [COUNTY, WEB_COPY, DATE_FIRST, STANDARD]


NUMBERED = Sample(
    "city-numbered-articles",
    [
        ("text", "（内部资料 注意保存）"),
        ("title", "工 作 简 报"),
        ("text", "第 3 期"),
        ("text", "某市人民政府办公室                2022年4月8日"),
        ("text", "【工作动态】"),
        ("text", "一、市政府召开一季度经济运行分析会"),
        ("text", "4月6日，市政府召开一季度经济运行分析会。市长王某出席会议并讲话。"),
        ("text", "会议指出，一季度全市经济运行总体平稳。"),
        ("text", "二、市领导调研重点项目建设"),
        ("text", "4月7日，副市长李某到高新区调研重点项目建设情况。"),
        ("text", "李某强调，要加快项目建设进度。（市发改委）"),
        ("text", "报送：省政府办公厅"),
        ("text", "分发：各县（市、区）人民政府，市政府各部门。"),
        ("text", "某市人民政府办公室  2022年4月8日印发  （共印80份）"),
    ],
    Expected(
        series_title="工作简报",
        compiler="某市人民政府办公室",
        year=2022,
        number=3,
        cumulative_number=None,
        issue_date=datetime.date(2022, 4, 8),
        print_count=80,
        articles=[
            (
                "市政府召开一季度经济运行分析会",
                "",
                "",
                "",
                "",
                (
                    "4月6日，市政府召开一季度经济运行分析会。市长王某出席会议并讲话。",
                    "会议指出，一季度全市经济运行总体平稳。",
                ),
            ),
            (
                "市领导调研重点项目建设",
                "",
                "",
                "市发改委",
                "",
                (
                    "4月7日，副市长李某到高新区调研重点项目建设情况。",
                    "李某强调，要加快项目建设进度。",
                ),
            ),
        ],
        recipients=[
            ("report", "省政府办公厅"),
            ("issue", "各县（市、区）人民政府"),
            ("issue", "市政府各部门"),
        ],
        guesses=["带序号的短行按文章标题识别", "年份取自日期"],
    ),
    # Word files style their headlines; these are told by their numbers.
    formats=("txt", "txt-wrapped"),
)

COUNTY_AFFAIRS = Sample(
    "county-affairs-bracket-year",
    [
        ("title", "政务信息"),
        ("text", "〔2019〕第12期 总第356期"),
        ("text", "XX县人民政府办公室编印                      2019年5月20日"),
        ("text", "本期目录"),
        ("text", "1.县委书记张某调研脱贫攻坚工作"),
        ("text", "2.我县召开春耕生产推进会"),
        ("headline", "县委书记张某调研脱贫攻坚工作"),
        ("text", "5月18日，县委书记张某深入乡镇调研脱贫攻坚工作。"),
        ("text", "他强调，要咬定目标不放松。"),
        ("headline", "我县召开春耕生产推进会"),
        ("text", "5月19日，我县召开春耕生产推进会。"),
        ("text", "会议要求，各乡镇要抓好春耕生产各项工作。"),
        ("text", "（县农业农村局 王某）"),
        ("text", "送：县委常委，县人大常委会主任，县政协主席。"),
        ("text", "发：各乡镇人民政府，县直各单位。"),
        ("text", "责任编辑：赵某                  签发：钱某"),
    ],
    Expected(
        series_title="政务信息",
        compiler="XX县人民政府办公室",
        year=2019,
        number=12,
        cumulative_number=356,
        issue_date=datetime.date(2019, 5, 20),
        print_count=None,
        articles=[
            (
                "县委书记张某调研脱贫攻坚工作",
                "",
                "",
                "",
                "",
                ("5月18日，县委书记张某深入乡镇调研脱贫攻坚工作。", "他强调，要咬定目标不放松。"),
            ),
            (
                "我县召开春耕生产推进会",
                "",
                "王某",
                "县农业农村局",
                "",
                ("5月19日，我县召开春耕生产推进会。", "会议要求，各乡镇要抓好春耕生产各项工作。"),
            ),
        ],
        recipients=[
            ("send", "县委常委"),
            ("send", "县人大常委会主任"),
            ("send", "县政协主席"),
            ("issue", "各乡镇人民政府"),
            ("issue", "县直各单位"),
        ],
    ),
)

PROVINCE = Sample(
    "province-two-line-title",
    [
        ("title", "XX省交通运输厅"),
        ("title", "交通运输工作简报"),
        ("text", "2021年第7期"),
        ("text", "（总第203期）"),
        ("text", "省交通运输厅办公室                    2021年7月12日"),
        ("text", "本期要目"),
        ("text", "● 全省交通运输系统安全生产电视电话会议召开"),
        ("text", "● 厅党组理论学习中心组开展专题学习"),
        ("headline", "全省交通运输系统安全生产电视电话会议召开"),
        ("text", "7月10日，全省交通运输系统安全生产电视电话会议召开。厅长周某出席会议并讲话。"),
        ("text", "会议强调，要深刻汲取近期事故教训，坚决遏制重特大事故发生。"),
        ("headline", "厅党组理论学习中心组开展专题学习"),
        ("subheadline", "——深入学习贯彻党的理论"),
        ("text", "文/王某 李某"),
        ("text", "7月11日，厅党组理论学习中心组开展专题学习。"),
        ("text", "（厅机关党委）"),
        ("text", "━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━"),
        ("text", "报：交通运输部，省委、省政府"),
        ("text", "送：省委办公厅，省政府办公厅，省人大常委会办公厅，"),
        ("text", "    省政协办公厅"),
        ("text", "发：各市（州）交通运输局，厅机关各处室，厅属各单位。"),
        ("text", "━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━"),
        ("text", "省交通运输厅办公室                      二〇二一年七月十二日印发"),
    ],
    Expected(
        series_title="XX省交通运输厅 交通运输工作简报",
        compiler="省交通运输厅办公室",
        year=2021,
        number=7,
        cumulative_number=203,
        issue_date=datetime.date(2021, 7, 12),
        print_count=None,
        articles=[
            (
                "全省交通运输系统安全生产电视电话会议召开",
                "",
                "",
                "",
                "",
                (
                    "7月10日，全省交通运输系统安全生产电视电话会议召开。厅长周某出席会议并讲话。",
                    "会议强调，要深刻汲取近期事故教训，坚决遏制重特大事故发生。",
                ),
            ),
            (
                "厅党组理论学习中心组开展专题学习",
                "——深入学习贯彻党的理论",
                "王某 李某",
                "厅机关党委",
                "",
                ("7月11日，厅党组理论学习中心组开展专题学习。",),
            ),
        ],
        recipients=[
            ("report", "交通运输部"),
            ("report", "省委、省政府"),
            ("send", "省委办公厅"),
            ("send", "省政府办公厅"),
            ("send", "省人大常委会办公厅"),
            ("send", "省政协办公厅"),
            ("issue", "各市（州）交通运输局"),
            ("issue", "厅机关各处室"),
            ("issue", "厅属各单位"),
        ],
    ),
)

SAMPLES += [NUMBERED, COUNTY_AFFAIRS, PROVINCE]
