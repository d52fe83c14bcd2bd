"""How the PDF file is written (issues.pdf.writing) and the render's garbage collection.

The speed itself is measured by bench/pdf.py; these tests check that the
quicker way writes what WeasyPrint alone would.
"""

import gc
import io
import threading

import pikepdf
import pytest
import weasyprint.pdf
from weasyprint.pdf import fonts as weasyprint_fonts

from issues.pdf import render, writing
from ops.worker import prepare_worker
from tests import pdf_fixtures

pytestmark = pytest.mark.django_db


def embedded_font_programs(pdf: bytes) -> dict[str, bytes]:
    """Each embedded font file by its font's name, without the subset tag (ABCDEF+)."""
    programs = {}
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for font in page.Resources.Font.values():
                descendant = font.DescendantFonts[0]
                descriptor = descendant.FontDescriptor
                stream = descriptor.get("/FontFile3") or descriptor.get("/FontFile2")
                programs[str(descendant.BaseFont).split("+", 1)[1]] = stream.read_bytes()
    return programs


@pytest.fixture
def clean_threads(monkeypatch):
    """The names of the threads Font.clean() runs on."""
    names = []
    clean = weasyprint_fonts.Font.clean

    def recording_clean(font, *args):
        names.append(threading.current_thread().name)
        return clean(font, *args)

    monkeypatch.setattr(weasyprint_fonts.Font, "clean", recording_clean)
    return names


def test_fonts_are_subset_side_by_side_into_the_fonts_weasyprint_makes(monkeypatch, clean_threads):
    assert weasyprint.pdf.build_fonts_dictionary.side_by_side  # installed as the app starts
    issue = pdf_fixtures.make_issue_2020()
    side_by_side = embedded_font_programs(render.render_issue_pdf(issue))
    assert len(clean_threads) >= 3
    assert all(name.startswith("pdf-fonts") for name in clean_threads)

    monkeypatch.setattr(
        weasyprint.pdf, "build_fonts_dictionary", weasyprint_fonts.build_fonts_dictionary
    )
    clean_threads.clear()
    one_after_another = embedded_font_programs(render.render_issue_pdf(issue))
    assert clean_threads and not any(name.startswith("pdf-fonts") for name in clean_threads)

    assert side_by_side.keys() == one_after_another.keys()
    assert len(side_by_side) >= 3  # body, headline and 楷体 faces
    assert side_by_side == one_after_another


def test_installing_twice_wraps_once_and_an_unknown_weasyprint_is_left_alone(monkeypatch):
    installed = weasyprint.pdf.build_fonts_dictionary
    assert writing.install_side_by_side_subsetting()
    assert weasyprint.pdf.build_fonts_dictionary is installed
    file_cache = weasyprint_fonts.get_hb_object_data
    assert writing.install_font_file_cache()
    assert weasyprint_fonts.get_hb_object_data is file_cache

    def rewritten_build_fonts_dictionary(*args):
        """As if a new WeasyPrint had moved the function: nothing is wrapped."""

    monkeypatch.setattr(weasyprint.pdf, "build_fonts_dictionary", rewritten_build_fonts_dictionary)
    assert not writing.install_side_by_side_subsetting()
    assert weasyprint.pdf.build_fonts_dictionary is rewritten_build_fonts_dictionary


def test_each_object_is_serialised_once_and_the_file_stays_sound(monkeypatch):
    serialisations = {}
    types = set()
    data = writing._QuickDeflateStream.data

    def counting_data(stream):
        serialisations[id(stream)] = serialisations.get(id(stream), 0) + 1
        types.add(stream.extra.get("Type"))
        return data.fget(stream)

    monkeypatch.setattr(writing._QuickDeflateStream, "data", property(counting_data))
    pdf = render.render_issue_pdf(pdf_fixtures.make_issue_2020())

    # Pages, fonts, their Unicode maps, the colour profile, the metadata, and
    # the object stream of the small objects, which pydyf makes as it writes.
    assert len(serialisations) > 10
    assert set(serialisations.values()) == {1}
    assert {"/Metadata", "/ObjStm"} <= types
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert len(document.trailer.ID) == 2  # PDF/A's file identifier
        for page in document.pages:
            assert page.Contents.read_bytes()  # every stream inflates


def test_a_render_pauses_the_cyclic_collector_and_restores_it(monkeypatch):
    enabled_during = []
    write_pdf = render._write_pdf

    def spying_write_pdf(*args):
        enabled_during.append(gc.isenabled())
        return write_pdf(*args)

    monkeypatch.setattr(render, "_write_pdf", spying_write_pdf)
    issue = pdf_fixtures.make_issue_2020()
    render.render_issue_pdf(issue)
    assert enabled_during == [False]
    assert gc.isenabled()

    # A caller that had turned collection off finds it still off.
    gc.disable()
    try:
        render.render_issue_pdf(issue, draft=True)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_failed_render_restores_the_collector(monkeypatch):
    def failing_write_pdf(*args):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(render, "_write_pdf", failing_write_pdf)
    with pytest.raises(RuntimeError):
        render.render_issue_pdf(pdf_fixtures.make_issue_2020())
    assert gc.isenabled()


def test_a_worker_start_renders_once_and_freezes_what_it_loaded(django_db_blocker):
    try:
        with django_db_blocker.block():  # the warm-up needs no database
            prepare_worker()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_font_files_are_copied_once_and_the_fonts_stay_those_weasyprint_makes(monkeypatch):
    assert isinstance(weasyprint_fonts.get_hb_object_data, writing._FontFileCache)
    seed, other = pdf_fixtures.make_issue_2020(), pdf_fixtures.make_issue_2019_draft()
    render.render_issue_pdf(seed)
    render.render_issue_pdf(seed)  # every font file now asked for twice

    copied = []
    unpack = writing.ffi.unpack

    def spying_unpack(pointer, length):
        copied.append(length)
        return unpack(pointer, length)

    monkeypatch.setattr(writing.ffi, "unpack", spying_unpack)
    cached = [embedded_font_programs(render.render_issue_pdf(issue)) for issue in (seed, other)]
    whole_files = [length for length in copied if length > 1_000_000]
    assert copied and not whole_files  # only the subsets made for these renders

    weasyprints_own = weasyprint_fonts.get_hb_object_data.get_hb_object_data
    monkeypatch.setattr(weasyprint_fonts, "get_hb_object_data", weasyprints_own)
    uncached = [embedded_font_programs(render.render_issue_pdf(issue)) for issue in (seed, other)]
    assert cached == uncached
    assert cached[0] != cached[1]  # other characters, other subsets


class FakeHarfBuzz:
    """Blobs as integers; records which references are released."""

    def __init__(self, files):
        self.files = files  # face -> (blob, bytes)
        self.destroyed = []

    def hb_face_reference_blob(self, face):
        return self.files[face][0]

    def hb_blob_get_data(self, blob, length):
        data = next(data for address, data in self.files.values() if address == blob)
        length[0] = len(data)
        return data

    def hb_blob_destroy(self, blob):
        self.destroyed.append(blob)


class FakeFFI:
    NULL = None

    def cast(self, _type, blob):
        return blob

    def new(self, _type):
        class Length(list):
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return False

        return Length([0])

    def unpack(self, data, length):
        return bytes(data[:length])


def test_the_font_file_cache_keeps_files_asked_for_twice_and_lets_the_oldest_go(monkeypatch):
    files = {"body": (1, b"body font"), "title": (2, b"title font"), "subset": (3, b"subset")}
    harfbuzz = FakeHarfBuzz(files)
    monkeypatch.setattr(writing, "harfbuzz", harfbuzz)
    monkeypatch.setattr(writing, "ffi", FakeFFI())
    cache = writing._FontFileCache(get_hb_object_data=None, size=1)

    assert cache("subset") == b"subset"
    assert harfbuzz.destroyed == [3]  # asked once: not kept
    assert cache("body") == cache("body") == cache("body") == b"body font"
    assert harfbuzz.destroyed == [3, 1, 1]  # kept at the second, with its reference
    assert cache("title") == cache("title") == b"title font"
    assert harfbuzz.destroyed == [3, 1, 1, 2, 1]  # the body font let go for the title font
    assert list(cache._kept) == [2]
