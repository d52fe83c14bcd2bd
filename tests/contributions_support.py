"""Fixtures and helpers for the tests of contributions (reports from member organisations)."""

from io import BytesIO

import docx
import pytest
from django.contrib.auth.models import Group, User
from docx.shared import Cm
from PIL import Image

from contributions import services
from contributions.models import Report
from contributions.roles import CONTRIBUTORS
from organisations.models import Membership, Organisation


def make_contributor(username: str, organisation: Organisation) -> User:
    user = User.objects.create_user(
        username, password="pw", email=f"{username}@example.org", first_name=username
    )
    user.groups.add(Group.objects.get(name=CONTRIBUTORS))
    Membership.objects.create(user=user, organisation=organisation)
    return user


@pytest.fixture
def shentong(db):
    return Organisation.objects.create(name="申通快递有限公司", short_name="申通")


@pytest.fixture
def zhongtong(db):
    return Organisation.objects.create(name="中通快递股份有限公司", short_name="中通")


@pytest.fixture
def contributor(shentong):
    return make_contributor("shentong", shentong)


@pytest.fixture
def other_contributor(zhongtong):
    return make_contributor("zhongtong", zhongtong)


@pytest.fixture
def make_report(series):
    """A report of `author`'s organisation; sent to the office unless told otherwise."""

    def make(author, headline="申通开展安全生产检查", status=Report.Status.SUBMITTED, **fields):
        fields.setdefault("body", f"<p>{headline}的正文。</p>")
        report = Report.objects.create(
            series=series,
            organisation=author.membership.organisation,
            author=author,
            headline=headline,
            contact_name="王芳",
            contact_phone="021-66668888",
            **fields,
        )
        if status != Report.Status.DRAFT:
            services.submit_report(report, author)
            report.refresh_from_db()
        return report

    return make


def png_bytes() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def report_docx(headline="申通开展夏季安全检查", with_table=True, with_photo=True) -> bytes:
    """A member organisation's report as Word makes it: headline, text, a table and a photo."""
    document = docx.Document()
    document.add_paragraph(headline)
    document.add_paragraph("7月15日，申通快递组织各网点开展夏季安全检查。")
    if with_table:
        table = document.add_table(rows=2, cols=2)
        for row, cells in zip(table.rows, [("网点", "检查项"), ("闵行网点", "12项")], strict=True):
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
    if with_photo:
        document.add_picture(BytesIO(png_bytes()), width=Cm(4))
    document.add_paragraph("检查共发现隐患3处，已全部整改。")
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
