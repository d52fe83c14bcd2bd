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

    def rewritten_build_fonts_dictionary(*args):
        """As if a new WeasyPrint had moved the function: nothing is wrapped."""

    monkeypatch.setattr(weasyprint.pdf, "build_fonts_dictionary", rewritten_build_fonts_dictionary)
    assert not writing.install_side_by_side_subsetting()
    assert weasyprint.pdf.build_fonts_dictionary is rewritten_build_fonts_dictionary


def test_each_object_is_serialised_once_and_the_file_stays_sound(monkeypatch):
    serialisations = {}
    data = writing._QuickDeflateStream.data

    def counting_data(stream):
        serialisations[id(stream)] = serialisations.get(id(stream), 0) + 1
        return data.fget(stream)

    monkeypatch.setattr(writing._QuickDeflateStream, "data", property(counting_data))
    pdf = render.render_issue_pdf(pdf_fixtures.make_issue_2020())

    # Pages, fonts, their Unicode maps, the colour profile, the metadata.
    assert len(serialisations) > 10
    assert set(serialisations.values()) == {1}
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
