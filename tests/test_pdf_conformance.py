"""Every official copy passes the PDF/A-2b check (issues.pdf.conformance), whatever its images.

The copies are the seed issue, a table with a photo, and one photo each of
the colour spaces offices send: a CMYK JPEG small enough to be printed as it
came, a grey PNG, 16-bit grey, a palette PNG with transparency, a photo with
an Adobe RGB profile; the signed copy with its signature widget too. The
check itself is tested on copies made to break a rule.
"""

import io
from pathlib import Path

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image, ImageDraw

from issues import images
from issues.pdf.conformance import violations
from issues.pdf.render import render_issue_pdf
from signatures.signing import sign_official_pdf
from tests.content_corpus import photo_case, photo_jpeg, statistics_table
from tests.pdf_fixtures import SeedArticle, make_issue_2020

pytestmark = pytest.mark.django_db

ADOBE_RGB = Path("/usr/share/color/icc/ghostscript/a98.icc")


def _drawing(mode: str, size=(480, 320)) -> Image.Image:
    """A few shapes in many shades, so that it is a photo (JPEG) rather than line art."""
    image = Image.radial_gradient("L").resize(size)
    image = Image.merge(
        "RGB", (image, image.rotate(90), image.transpose(Image.Transpose.FLIP_LEFT_RIGHT))
    )
    ImageDraw.Draw(image).ellipse((40, 40, 200, 200), fill=(230, 0, 18))
    return image.convert(mode)


def _encoded(image: Image.Image, image_format: str, **options) -> bytes:
    output = io.BytesIO()
    image.save(output, image_format, **options)
    return output.getvalue()


def cmyk_jpeg() -> bytes:
    return _encoded(_drawing("CMYK"), "JPEG", quality=90)


def grey_png() -> bytes:
    return _encoded(_drawing("L"), "PNG")


def grey_16_bit_png() -> bytes:
    grey = _drawing("L")
    return _encoded(grey.convert("I").point(lambda value: value * 256).convert("I;16"), "PNG")


def palette_png_with_transparency() -> bytes:
    image = Image.new("P", (300, 200), 0)
    image.putpalette([255, 255, 255, 230, 0, 18, 0, 90, 160] + [0] * (256 * 3 - 9))
    ImageDraw.Draw(image).rectangle((30, 30, 150, 150), fill=1)
    ImageDraw.Draw(image).ellipse((120, 40, 280, 190), fill=2)
    return _encoded(image, "PNG", transparency=0)


def adobe_rgb_jpeg() -> bytes:
    return _encoded(_drawing("RGB"), "JPEG", quality=90, icc_profile=ADOBE_RGB.read_bytes())


IMAGE_CASES = {
    "CMYK JPEG": (cmyk_jpeg, ".jpg"),
    "grey PNG": (grey_png, ".png"),
    "16-bit grey PNG": (grey_16_bit_png, ".png"),
    "palette PNG with transparency": (palette_png_with_transparency, ".png"),
    "Adobe RGB JPEG": (adobe_rgb_jpeg, ".jpg"),
}


def _official_copy(body: str) -> bytes:
    issue = make_issue_2020(articles=[SeedArticle(headline="图片", paragraphs=("正文。",))])
    issue.articles.update(body=body)
    return render_issue_pdf(issue)


@pytest.fixture(scope="module")
def official_copies(django_db_setup, django_db_blocker):
    """Each case's official copy, rendered once for the module."""
    copies, stored = {}, []
    with django_db_blocker.unblock():
        with transaction.atomic():
            copies["seed issue"] = render_issue_pdf(make_issue_2020())
            transaction.set_rollback(True)
        photo = default_storage.save(
            "issues/images/2020/11/conformance-photo.jpg", ContentFile(photo_jpeg(1600, 1200))
        )
        stored.append(photo)
        with transaction.atomic():
            copies["table and photo"] = _official_copy(
                statistics_table() + photo_case("/media/" + photo).body
            )
            transaction.set_rollback(True)
        for case, (make, extension) in IMAGE_CASES.items():
            if case == "Adobe RGB JPEG" and not ADOBE_RGB.is_file():
                continue  # libgs-common brings the profile
            name = default_storage.save(
                f"issues/images/2020/11/conformance{extension}", ContentFile(make())
            )
            stored.append(name)
            with transaction.atomic():
                copies[case] = _official_copy(photo_case("/media/" + name).body)
                transaction.set_rollback(True)
    yield copies
    for name in stored:
        default_storage.delete(name)


@pytest.mark.parametrize("case", ["seed issue", "table and photo", *IMAGE_CASES])
def test_every_official_copy_is_pdf_a_2b(official_copies, case):
    if case not in official_copies:
        pytest.skip(f"{ADOBE_RGB} is not installed")
    assert violations(official_copies[case]) == []


def images_of(pdf: bytes) -> list[dict]:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return [
            {"space": str(obj.get("/ColorSpace")), "interpolate": obj.get("/Interpolate")}
            for obj in document.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
        ]


@pytest.mark.parametrize("case", list(IMAGE_CASES))
def test_images_are_printed_in_srgb_or_grey_without_interpolation(official_copies, case):
    if case not in official_copies:
        pytest.skip(f"{ADOBE_RGB} is not installed")
    found = images_of(official_copies[case])
    assert found
    for image in found:
        assert image["space"] in ("/DeviceRGB", "/DeviceGray")
        assert image["interpolate"] is not True


def test_a_cmyk_photo_is_converted_with_the_standard_cmyk_profile(settings):
    settings.BULLETIN_PRINT_CMYK_PROFILE = "/usr/share/color/icc/ghostscript/default_cmyk.icc"
    if not Path(settings.BULLETIN_PRINT_CMYK_PROFILE).is_file():
        pytest.skip("libgs-common is not installed")
    images._standard_cmyk_profile.cache_clear()
    cmyk = Image.new("CMYK", (8, 8), (0, 255, 255, 0))  # process red
    converted = images.in_print_colours(cmyk, None)
    images._standard_cmyk_profile.cache_clear()
    assert converted.mode == "RGB"
    red, green, blue = converted.getpixel((0, 0))
    # Pillow's arithmetic would give pure (255, 0, 0); printed red is duller.
    assert 200 < red < 250 and green < 80 and blue < 80


def test_the_signed_copy_with_its_widget_is_pdf_a_2b(official_copies, signing_configured):
    signed, _signature = sign_official_pdf(official_copies["seed issue"])
    assert violations(signed) == []


def _broken(pdf: bytes, breaking) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        breaking(document)
        output = io.BytesIO()
        document.save(output)
    return output.getvalue()


def _first_image(document: pikepdf.Pdf) -> pikepdf.Stream:
    return next(
        obj
        for obj in document.objects
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
    )


def test_the_check_finds_what_pdf_a_forbids(official_copies):
    def interpolated_cmyk_image(document):
        image = _first_image(document)
        image.Interpolate = True
        image.ColorSpace = pikepdf.Name.DeviceCMYK

    def no_metadata_and_a_different_title(document):
        del document.Root["/Metadata"]
        document.docinfo["/Title"] = "另一个标题"

    def an_unembedded_font(document):
        descriptor = next(
            obj for obj in document.objects if isinstance(obj, pikepdf.Dictionary)
            and obj.get("/Type") == "/FontDescriptor"
        )  # fmt: skip
        for key in ("/FontFile", "/FontFile2", "/FontFile3"):
            if key in descriptor:
                del descriptor[key]

    def a_javascript_link_without_print_flag(document):
        action = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
        annotation = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=[10, 10, 50, 50],
            A=document.make_indirect(action),
        )
        document.pages[0].obj.Annots = document.make_indirect([document.make_indirect(annotation)])

    photo_copy = official_copies["table and photo"]
    found = " | ".join(violations(_broken(photo_copy, interpolated_cmyk_image)))
    assert "6.2.8 Interpolate" in found and "6.2.4.3 device colour space: DeviceCMYK" in found
    found = " | ".join(violations(_broken(photo_copy, no_metadata_and_a_different_title)))
    assert "6.6.2.1 Metadata" in found
    found = " | ".join(violations(_broken(photo_copy, an_unembedded_font)))
    assert "6.2.11.4.1 font not embedded" in found
    found = " | ".join(violations(_broken(photo_copy, a_javascript_link_without_print_flag)))
    assert "6.5.1 action JavaScript" in found and "6.3.2 annotation flags" in found


def test_info_and_xmp_must_agree(official_copies):
    def retitled(document):
        document.docinfo["/Title"] = "另一个标题"

    assert violations(_broken(official_copies["seed issue"], retitled)) == [
        "6.6.2.3.1 Info and XMP: Info Title and dc:title differ"
    ]
