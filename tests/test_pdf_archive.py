"""The official copy is PDF/A-2b: checked with pikepdf as far as that goes without veraPDF.

veraPDF, the reference validator, is a Java program that no package registry
we install from carries, so these tests check the parts of ISO 19005-2 that
the renderer controls: XMP identification and its agreement with the Info
dictionary, the output intent, embedded fonts, transparency, the trailer ID,
and the tagged structure (PDF/UA-style) with an outline per article.
"""

import datetime
import io
import re

import pdfplumber
import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from issues.pdf.render import render_issue_pdf, warm_up, with_missing_marked
from signatures.signing import sign_official_pdf
from tests.content_corpus import photo_case, photo_jpeg, statistics_table
from tests.pdf_fixtures import COMPILING_OFFICE, SEED_2020_ARTICLES, SeedArticle, make_issue_2020

pytestmark = pytest.mark.django_db

STANDARD_BLEND_MODES = {
    "/Normal", "/Compatible", "/Multiply", "/Screen", "/Overlay", "/Darken", "/Lighten",
    "/ColorDodge", "/ColorBurn", "/HardLight", "/SoftLight", "/Difference", "/Exclusion",
    "/Hue", "/Saturation", "/Color", "/Luminosity",
}  # fmt: skip


@pytest.fixture(scope="module")
def official_pdf(django_db_setup, django_db_blocker):
    """The 2020 seed issue's official copy, rendered once for the module's tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        pdf = render_issue_pdf(make_issue_2020())
        transaction.set_rollback(True)
    return pdf


@pytest.fixture(scope="module")
def rich_official_pdf(django_db_setup, django_db_blocker):
    """An official copy with a ruled table, a list and a photo: PDF/A must hold for these too."""
    with django_db_blocker.unblock(), transaction.atomic():
        stored = default_storage.save(
            "issues/images/2020/11/archive-photo.jpg", ContentFile(photo_jpeg(1600, 1200))
        )
        issue = make_issue_2020(articles=[SeedArticle(headline="统计", paragraphs=("正文。",))])
        issue.articles.update(
            body=statistics_table()
            + "<ul><li><p>要点</p></li></ul>"
            + photo_case("/media/" + stored).body
        )
        pdf = render_issue_pdf(issue)
        transaction.set_rollback(True)
    default_storage.delete(stored)
    return pdf


def opened(pdf: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(pdf))


XMP_PREFIXES = {
    "http://www.aiim.org/pdfa/ns/id/": "pdfaid",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://ns.adobe.com/pdf/1.3/": "pdf",
    "http://ns.adobe.com/xap/1.0/": "xmp",
}


def xmp_of(pdf: bytes) -> dict:
    """The XMP properties, keyed prefix:name (pdfaid:part)."""
    with opened(pdf) as document, document.open_metadata() as metadata:
        properties = dict(metadata)
    return {
        f"{XMP_PREFIXES.get(namespace, namespace)}:{name}": value
        for namespace, name in (key[1:].split("}") for key in properties)
        for value in [properties[f"{{{namespace}}}{name}"]]
    }


def pdf_date(value: str) -> datetime.datetime:
    """D:20200720120000+08'00' as an aware datetime."""
    match = re.fullmatch(r"D:(\d{14})([+-]\d\d)'(\d\d)'?", value)
    assert match, value
    offset = datetime.timedelta(hours=int(match[2]), minutes=int(match[3]) * int(match[2][0] + "1"))
    return datetime.datetime.strptime(match[1], "%Y%m%d%H%M%S").replace(
        tzinfo=datetime.timezone(offset)
    )


def all_objects(document: pikepdf.Pdf):
    return [obj for obj in document.objects if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream)]


def test_xmp_declares_pdf_a_2b(official_pdf):
    xmp = xmp_of(official_pdf)
    assert xmp["pdfaid:part"] == "2"
    assert xmp["pdfaid:conformance"] == "B"


@pytest.mark.parametrize("signed", [False, True], ids=["rendered", "signed"])
def test_xmp_holds_the_archival_record_and_agrees_with_the_info_dictionary(
    official_pdf, signed, request
):
    pdf = official_pdf
    if signed:
        request.getfixturevalue("signing_configured")
        pdf, _signature = sign_official_pdf(official_pdf)
    xmp = xmp_of(pdf)
    with opened(pdf) as document:
        info = {key: str(value) for key, value in document.docinfo.items()}
    title = "上海市快递行业精神文明创建工作简报 2020年第26期（总第289期）"
    assert xmp["dc:title"] == info["/Title"] == title
    assert xmp["dc:creator"] == [COMPILING_OFFICE] and info["/Author"] == COMPILING_OFFICE
    assert xmp["dc:description"] == info["/Subject"] == "2020年第26期（总第289期）"
    assert xmp["dc:publisher"] == {COMPILING_OFFICE}
    assert xmp["dc:language"] == {"zh-CN"}
    assert xmp["dc:date"] == ["2020-07-20"]
    assert xmp["pdf:Producer"] == info["/Producer"]
    assert xmp["xmp:CreatorTool"] == info["/Creator"]
    assert datetime.datetime.fromisoformat(xmp["xmp:CreateDate"]) == pdf_date(info["/CreationDate"])
    if "/ModDate" in info:
        assert datetime.datetime.fromisoformat(xmp["xmp:ModifyDate"]) == pdf_date(info["/ModDate"])


def test_output_intent_is_srgb_for_pdf_a(official_pdf):
    with opened(official_pdf) as document:
        (intent,) = document.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1"
        profile = intent.DestOutputProfile
        assert profile.N == 3
        assert b"sRGB" in profile.read_bytes()[:200] or "sRGB" in str(intent.get("/Info", ""))


@pytest.mark.parametrize("copy", ["official_pdf", "rich_official_pdf"])
def test_every_font_is_embedded(copy, request):
    with opened(request.getfixturevalue(copy)) as document:
        fonts = [obj for obj in all_objects(document) if obj.get("/Type") == "/Font"]
        descriptors = [
            font.FontDescriptor
            for font in fonts
            if font.get("/Subtype") != "/Type0" and font.get("/Subtype") != "/Type3"
        ]
        assert fonts and descriptors
        for descriptor in descriptors:
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), (
                descriptor.FontName
            )


@pytest.mark.parametrize("copy", ["official_pdf", "rich_official_pdf"])
def test_no_transparency_pdf_a_2_forbids(copy, request):
    with opened(request.getfixturevalue(copy)) as document:
        has_output_intent = "/OutputIntents" in document.Root
        for obj in all_objects(document):
            if obj.get("/Type") == "/ExtGState":
                assert str(obj.get("/BM", "/Normal")) in STANDARD_BLEND_MODES
                # An ExtGState soft mask must be a luminosity or alpha mask group, or none.
                if "/SMask" in obj and obj.SMask != pikepdf.Name.None_:
                    assert obj.SMask.S in ("/Luminosity", "/Alpha")
            group = obj.get("/Group")
            if group is not None and group.get("/S") == "/Transparency":
                # Without a colour space, the group blends in the output intent's.
                assert "/CS" in group or has_output_intent


def test_trailer_id_and_no_encryption(official_pdf):
    with opened(official_pdf) as document:
        assert len(document.trailer.ID) == 2
        assert not document.is_encrypted
        assert "/JavaScript" not in document.Root.get("/Names", {})


def structure_tags(pdf: bytes) -> list[str]:
    """The structure elements' types, depth first, in reading order."""
    tags = []

    def walk(element):
        kids = element.get("/K")
        if kids is None:
            return
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                tags.append(str(kid.S))
                walk(kid)

    with opened(pdf) as document:
        walk(document.Root.StructTreeRoot)
    return tags


def test_tagged_structure_in_reading_order(official_pdf):
    with opened(official_pdf) as document:
        assert document.Root.MarkInfo.Marked is True
        assert str(document.Root.Lang) == "zh-CN"
    tags = structure_tags(official_pdf)
    assert tags[0] == "/Document"
    assert tags.count("/H1") == len(SEED_2020_ARTICLES)
    assert tags.count("/P") >= sum(len(article.paragraphs) for article in SEED_2020_ARTICLES)


def test_headings_and_lists_are_tagged_in_reading_order():
    issue = make_issue_2020(articles=[SeedArticle(headline="标题", paragraphs=("正文。",))])
    issue.articles.update(
        body="<h2>一、小标题</h2><p>正文。</p><h3>（一）次级标题</h3>"
        "<ol><li><p>第一项</p></li><li><p>第二项</p></li></ol><ul><li><p>要点</p></li></ul>"
    )
    tags = structure_tags(render_issue_pdf(issue))
    body = tags[tags.index("/H1") :]
    assert [tag for tag in body if tag in ("/H1", "/H2", "/H3", "/L")] == [
        "/H1", "/H2", "/H3", "/L", "/L",
    ]  # fmt: skip
    assert tags.count("/LI") == 3


def test_tables_and_figures_are_tagged(rich_official_pdf):
    tags = structure_tags(rich_official_pdf)
    assert tags.count("/Table") == 1
    assert tags.count("/TR") >= 5  # the header row and the companies' rows
    assert "/TH" in tags and "/TD" in tags
    assert tags.index("/Table") < tags.index("/L") < tags.index("/Figure")
    with opened(rich_official_pdf) as document:
        assert str(document.open_metadata().get("pdfaid:part")) == "2"


def test_outline_has_one_entry_per_article(official_pdf):
    with opened(official_pdf) as document, document.open_outline() as outline:
        titles = ["".join(item.title.split()) for item in outline.root]
    assert titles == ["".join(article.headline.split()) for article in SEED_2020_ARTICLES]


def test_signing_keeps_the_pdf_a_revision(official_pdf, signing_configured):
    signed, _signature = sign_official_pdf(official_pdf)
    assert signed.startswith(official_pdf)  # an incremental update
    assert xmp_of(signed)["pdfaid:part"] == "2"
    with opened(signed) as document:
        (field,) = document.Root.AcroForm.Fields
        assert field.FT == "/Sig"
        # PDF/A: the widget has flags, prints and is not hidden; with no area it needs no /AP.
        flags = int(field.F)
        assert flags & 4 and not flags & (1 | 2 | 32)
        assert list(field.Rect) == [0, 0, 0, 0] or "/AP" in field
        # ISO 19005-2, 6.4.2: a DocMDP reference without the digest keys.
        (reference,) = field.V.Reference
        assert reference.TransformMethod == "/DocMDP"
        assert not {"/DigestLocation", "/DigestMethod", "/DigestValue"} & set(reference.keys())
        assert document.Root.AcroForm.SigFlags == 3


def test_drafts_stay_plain_pdfs():
    draft = render_issue_pdf(make_issue_2020(numbered=False))
    with opened(draft) as document:
        assert "/StructTreeRoot" not in document.Root
        assert "/OutputIntents" not in document.Root
        assert "/Metadata" not in document.Root


def test_warm_up_renders_without_the_database(django_db_blocker):
    with django_db_blocker.block():
        warm_up()


def test_a_character_no_font_has_prints_as_a_geta_mark_not_as_notdef(caplog):
    # U+10FFFD: a private-use character that no installed font draws. Drawn as
    # .notdef it would be a blank box, and PDF/A forbids .notdef in text.
    article = SeedArticle(headline="测试", paragraphs=("生僻字\U0010fffd，照常排印。",))
    with caplog.at_level("WARNING", logger="issues.pdf.render"):
        pdf = render_issue_pdf(make_issue_2020(articles=[article]))
    assert "No installed font has U+10FFFD: printed as 〓" in caplog.text
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = "".join(page.extract_text() for page in document.pages).replace("\n", "")
    assert "生僻字〓，照常排印。" in text


def test_a_missing_character_is_marked_in_the_text_and_left_in_addresses():
    source = '<p>王\U0010fffd</p><img src="/media/王\U0010fffd.jpg" alt="王\U0010fffd">'
    assert with_missing_marked(source, {"\U0010fffd"}) == (
        '<p>王〓</p><img src="/media/王\U0010fffd.jpg" alt="王\U0010fffd">'
    )
