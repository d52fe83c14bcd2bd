"""Real office content for the pipeline tests (issue 12): each case as the editor writes it.

Tables, lists, Chinese headings, a phone photo, a source line, an unbroken
Latin string, a headline without spaces and a list of 100 recipients. The
photo and the Word files are made at test time (python-docx, Pillow), not
committed.
"""

import io
import random
from dataclasses import dataclass, field

from PIL import Image, ImageDraw

from issues.models import Article, Issue
from organisations.models import DistributionList, Recipient, Role
from tests import pdf_fixtures

# 快递企业业务量统计 (2020年10月), as offices table them: text, then numbers.
STATISTICS_HEADER = ("企业", "业务量（万件）", "同比增长", "有效申诉率")
STATISTICS_ROWS = (
    ("中通", "1200", "12.5%", "0.01%"),
    ("圆通", "1034", "9.8%", "0.02%"),
    ("申通", "876", "-3.1%", "0.03%"),
    ("韵达", "1102", "15.0%", "0.01%"),
    ("顺丰", "958", "21.4%", "0.00%"),
    ("京东物流", "503", "30.2%", "0.01%"),
    ("中国邮政", "1421", "4.7%", "0.02%"),
    ("德邦快递", "214", "-8.6%", "0.05%"),
)
DISTRICTS = (
    "黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区",
    "宝山区", "嘉定区", "浦东新区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区",
)  # fmt: skip


def _table(header, rows) -> str:
    head = "".join(f"<th><p>{cell}</p></th>" for cell in header)
    body = "".join(
        "<tr>" + "".join(f"<td><p>{cell}</p></td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><tbody><tr>{head}</tr>{body}</tbody></table>"


# A table three pages long: its header row must repeat on each page.
LONG_TABLE_ROWS = tuple(
    (district, f"{company}{district[:2]}网点", str(100 + index * 7), f"{index % 9}.{index % 7}%")
    for index, (district, company) in enumerate(
        (district, company)
        for district in DISTRICTS
        for company in ("中通", "圆通", "韵达", "申通")
    )
)
# Eight columns of district figures: the cells wrap rather than overflow.
WIDE_HEADER = (
    "区",
    "网点数",
    "从业人员",
    "日均业务量",
    "投诉件数",
    "申诉率",
    "末端驿站",
    "智能快件箱",
)
WIDE_ROWS = tuple(
    (district, str(40 + i), str(1200 + 37 * i), str(35000 + 1111 * i), str(i * 3), f"0.0{i % 10}%",
     str(80 + i * 2), str(300 + i * 11))
    for i, district in enumerate(DISTRICTS[:6])
)  # fmt: skip

LIST_ITEMS = (
    "加强末端网点安全检查，做到每日巡查、每周通报、每月考核，确保收寄验视、实名收寄、过机安检三项制度落实到位。",
    "开展文明服务示范岗创建活动。",
    "组织快递小哥参加志愿服务，在社区开展“邮政快递进社区”便民服务，累计服务居民三千余人次。",
)  # fmt: skip

# The four official heading levels and a paragraph under each.
HEADINGS = (
    ("h2", "一、总体情况"),
    ("h3", "（一）业务量稳步增长"),
    ("h4", "1.快递业务量"),
    ("h5", "（1）同城快递"),
)

LATIN_STRING = "SF" + "".join(f"{n:02d}" for n in range(44))  # 90 characters, no break
HEADLINE_WITHOUT_SPACES = "上海市快递行业全力做好第三届进口博览会服务保障"  # 22 characters
SOURCE_LINE = "（上海市邮政管理局供稿）"

RECIPIENT_COUNT = 100
# A hundred bodies of the lengths office lists have: 4 to 13 characters.
RECIPIENT_NAMES = tuple(
    f"{district}{body}"
    for district in DISTRICTS
    for body in ("邮政管理局", "文明办", "快递协会", "商务委", "交通委", "市场监管局", "网点")
)[:RECIPIENT_COUNT]


@dataclass(frozen=True)
class Case:
    name: str
    headline: str
    body: str
    source: str = ""
    recipients: tuple[tuple[str, str], ...] = field(default=())


def statistics_table() -> str:
    return _table(STATISTICS_HEADER, STATISTICS_ROWS)


CASES = {
    "table": Case(
        "table",
        "十月全市快递业务量统计",
        "<p>十月全市主要快递企业业务量统计如下：</p>"
        + statistics_table()
        + "<p>各区网点情况：</p>"
        + _table(WIDE_HEADER, WIDE_ROWS)
        + "<p>各区网点明细：</p>"
        + _table(STATISTICS_HEADER, LONG_TABLE_ROWS)
        + "<p>以上数据来源于各企业报送。</p>",
    ),
    "lists": Case(
        "lists",
        "下一步工作安排",
        "<p>下一步工作重点：</p><ul>"
        + "".join(f"<li><p>{item}</p></li>" for item in LIST_ITEMS)
        + "</ul><p>具体步骤：</p><ol>"
        + "".join(f"<li><p>{item}</p></li>" for item in LIST_ITEMS)
        + "</ol>",
    ),
    "headings": Case(
        "headings",
        "全市快递行业运行情况",
        "".join(
            f"<{tag}>{text}</{tag}><p>{text[-4:]}方面，全行业认真落实各项要求，取得积极成效。</p>"
            for tag, text in HEADINGS
        ),
    ),
    "source": Case(
        "source",
        "邮政管理局开展安全检查",
        "<p>近日，市邮政管理局对全市快递企业开展安全检查。</p>",
        source="上海市邮政管理局",
    ),
    "latin": Case(
        "latin",
        "快件单号核查",
        f"<p>请核对运单号{LATIN_STRING}是否一致。</p>",
    ),
    "latin-table": Case(
        "latin-table",
        "运单核查情况",
        _table(
            ("单号", "企业", "状态"),
            (
                (LATIN_STRING, "中通", "已签收"),
                ("SF123", "圆通", "https://example.org/" + "tracking" * 8),
            ),
        ),
    ),
    "headline": Case(
        "headline",
        HEADLINE_WITHOUT_SPACES,
        "<p>本市快递行业全力以赴，做好进口博览会期间的寄递服务保障工作。</p>",
    ),
    "recipients": Case(
        "recipients",
        "报送名单较长的一期",
        "<p>本期报送单位较多。</p>",
        recipients=tuple(
            (Role.REPORT if index < 10 else Role.SEND, name)
            for index, name in enumerate(RECIPIENT_NAMES)
        ),
    ),
}


def photo_jpeg(width: int = 4000, height: int = 3000, seed: int = 12) -> bytes:
    """A phone photo's size and texture: sky, buildings, fine noise; about 2–4 MB as JPEG."""
    generator = random.Random(seed)
    small = Image.new("RGB", (width // 8, height // 8))
    draw = ImageDraw.Draw(small)
    for y in range(small.height):
        shade = int(120 + 100 * y / small.height)
        draw.line([(0, y), (small.width, y)], fill=(shade - 60, shade - 20, shade))
    for _index in range(60):
        x, top = (
            generator.randrange(small.width),
            generator.randrange(small.height // 3, small.height),
        )
        colour = tuple(generator.randrange(40, 220) for _channel in range(3))
        draw.rectangle([x, top, x + generator.randrange(10, 60), small.height], fill=colour)
    image = small.resize((width, height), Image.Resampling.BICUBIC)
    noise = Image.effect_noise((width, height), 24).convert("RGB")
    image = Image.blend(image, noise, 0.12)
    output = io.BytesIO()
    image.save(output, "JPEG", quality=90)
    return output.getvalue()


def photo_case(photo_url: str) -> Case:
    return Case(
        "photo",
        "快递小哥风采",
        f'<p>活动现场如下。</p><figure><img src="{photo_url}" alt="活动现场">'
        "<figcaption>图为活动现场</figcaption></figure><p>活动取得圆满成功。</p>",
    )


def make_case_issue(case: Case) -> Issue:
    """A draft of one article holding the case, with the case's recipients if it has some."""
    distribution_list = pdf_fixtures.make_distribution_list(
        f"名单 {DistributionList.objects.count() + 1}"
    )
    if case.recipients:
        distribution_list.recipients.all().delete()
        Recipient.objects.bulk_create(
            Recipient(distribution_list=distribution_list, role=role, free_text=name, position=i)
            for i, (role, name) in enumerate(case.recipients, start=1)
        )
    issue = Issue.objects.create(
        series=pdf_fixtures.make_series(),
        issue_date=pdf_fixtures.datetime.date(2020, 11, 2),
        distribution_list=distribution_list,
    )
    Article.objects.create(
        issue=issue, position=1, headline=case.headline, body=case.body, source=case.source
    )
    return issue
