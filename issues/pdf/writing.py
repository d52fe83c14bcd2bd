"""How WeasyPrint writes the PDF file: the same bytes, made with less waste.

A warm official render spent about a third of its time writing the file.
Three changes, each leaving the document as WeasyPrint would write it:

- Streams deflate at zlib's level 1 rather than pydyf's 9: five times
  quicker, and the file is 3 % larger (the CJK font outlines, most of it,
  hardly compress further).
- Each object is serialised once. pydyf serialises every object a second
  time, deflating every stream again, to hash the file for the identifier
  PDF/A requires; that includes the object stream of all the small objects
  (the pages, the structure tree), which pydyf makes as it writes.
- The embedded fonts are subset side by side, in threads, and the streams
  deflate side by side: HarfBuzz and zlib run without Python's GIL, so a
  second core does half of that work.
- Each font file is copied into Python once per process, not once per
  render: WeasyPrint copies every file it embeds whole (some 5 MB a face)
  before it subsets it.

render.py passes finish_pdf() to write_pdf(); the issues app installs the
rest at start-up (install_side_by_side_subsetting, install_font_file_cache).
"""

import threading
import zlib
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, wraps

import pydyf
import weasyprint.pdf
from weasyprint.pdf import fonts as weasyprint_fonts
from weasyprint.text.ffi import ffi, harfbuzz

# Threads for subsetting and deflating; a render has a handful of fonts.
WRITER_THREADS = 4
DEFLATE_LEVEL = 1


class _QuickDeflateStream(pydyf.Stream):
    """A PDF stream deflated at DEFLATE_LEVEL rather than pydyf's 9."""

    @property
    def data(self):
        if not self.compress:
            return super().data
        compressor = zlib.compressobj(level=DEFLATE_LEVEL)
        # An Array's data is its items as pydyf writes them, between brackets.
        raw = b"\n".join(
            item if isinstance(item, bytes) else pydyf.Array([item]).data[1:-1]
            for item in self.stream
        )
        stream = compressor.compress(raw) + compressor.flush()
        extra = pydyf.Dictionary({**self.extra, "Filter": "/FlateDecode", "Length": len(stream)})
        return b"\n".join((extra.data, b"stream", stream, b"endstream"))


class _SerialisedOnce:
    """Mixin for a PDF object whose bytes are made once and then reused."""

    @property
    def data(self):
        try:
            return self.__dict__["_serialised"]
        except KeyError:
            serialised = self.__dict__["_serialised"] = super().data
            return serialised


@cache
def _serialised_once(object_class: type) -> type:
    return type(f"SerialisedOnce{object_class.__name__}", (_SerialisedOnce, object_class), {})


def _stream_size(stream: pydyf.Stream) -> int:
    return sum(len(item) for item in stream.stream if isinstance(item, bytes))


def finish_pdf(document, pdf: pydyf.PDF) -> None:
    """WeasyPrint finisher, run once the document is complete and before the file is written.

    Only how each object writes itself changes (its data property): its
    content and its number in the file stay. The streams are serialised
    here, the largest (the fonts) first, on several threads; the objects
    pydyf adds as it writes the file (the Info dictionary, the object stream
    of the small objects) are serialised once too.
    """
    streams = []
    for pdf_object in pdf.objects:
        _serialise_once(pdf_object)
        if isinstance(pdf_object, pydyf.Stream):
            streams.append(pdf_object)
    streams.sort(key=_stream_size, reverse=True)
    _side_by_side(lambda stream: stream.data, streams, "pdf-deflate")
    add_object = pdf.add_object

    def add_object_serialised_once(pdf_object):
        _serialise_once(pdf_object)
        add_object(pdf_object)

    pdf.add_object = add_object_serialised_once


def _serialise_once(pdf_object: pydyf.Object) -> None:
    if isinstance(pdf_object, _SerialisedOnce):
        return
    if isinstance(pdf_object, pydyf.Stream):
        pdf_object.__class__ = _serialised_once(_QuickDeflateStream)
    elif pdf_object.free != "f":
        pdf_object.__class__ = _serialised_once(type(pdf_object))


def _side_by_side(function, items, thread_name: str) -> None:
    """function(item) for every item, on WRITER_THREADS threads; returns when all are done."""
    with ThreadPoolExecutor(WRITER_THREADS, thread_name_prefix=thread_name) as pool:
        for _result in pool.map(function, items):
            pass  # iterating re-raises an item's exception here


@dataclass(frozen=True)
class _Subsetting:
    font: weasyprint_fonts.Font
    to_unicode: dict


def _subsettings(fonts: dict, subset: bool) -> list[_Subsetting]:
    """The fonts build_fonts_dictionary() cleans, each with the glyphs it keeps.

    As WeasyPrint does it: one font per file, keeping the glyphs of every
    font object of that file (all glyphs when not subsetting).
    """
    fonts_by_file = {}
    for font in fonts.values():
        fonts_by_file.setdefault(font.hash, []).append(font)
    subsettings = []
    for file_fonts in fonts_by_file.values():
        font = file_fonts[0]
        if font.bitmap:
            continue
        to_unicode = {}
        if subset and not font.used_in_forms:
            for file_font in file_fonts:
                to_unicode = {**to_unicode, **file_font.to_unicode}
        subsettings.append(_Subsetting(font, to_unicode))
    return subsettings


def _already_clean(to_unicode, hinting) -> None:
    """Font.clean() for a font subset beforehand: there is nothing left to do."""


def _subset_side_by_side(build_fonts_dictionary):
    @wraps(build_fonts_dictionary)
    def build_with_fonts_subset(pdf, fonts, compress, subset, options):
        subsettings = _subsettings(fonts, subset)
        if len(subsettings) > 1:
            _side_by_side(
                lambda job: job.font.clean(job.to_unicode, options["hinting"]),
                subsettings,
                "pdf-fonts",
            )
            for job in subsettings:
                job.font.clean = _already_clean
        return build_fonts_dictionary(pdf, fonts, compress, subset, options)

    build_with_fonts_subset.side_by_side = True
    return build_with_fonts_subset


def install_side_by_side_subsetting() -> bool:
    """Wrap WeasyPrint's build_fonts_dictionary() so that the fonts are subset in threads.

    Idempotent. Installs nothing, and returns False, when WeasyPrint is not
    made as this expects (the function moved or Font.clean() is gone): the
    fonts are then subset one after another, as WeasyPrint does.
    """
    current = getattr(weasyprint.pdf, "build_fonts_dictionary", None)
    if getattr(current, "side_by_side", False):
        return True
    if current is not weasyprint_fonts.build_fonts_dictionary or not hasattr(
        weasyprint_fonts.Font, "clean"
    ):
        return False
    weasyprint.pdf.build_fonts_dictionary = _subset_side_by_side(current)
    return True


class _FontFileCache:
    """WeasyPrint's get_hb_object_data(), with the bytes of whole font files kept.

    A font file WeasyPrint embeds lives in a HarfBuzz blob for as long as
    the font configuration (cached for the process by render.py). Its bytes
    are kept, with a reference to the blob, once the same blob is asked for
    a second time: a subset made for one render is asked for once, and
    stays out. Holding the reference keeps the blob's address from being
    reused for other data while its bytes are kept; the least recently used
    files are let go beyond `size`.
    """

    # Addresses asked for once are forgotten beyond this many.
    SEEN_LIMIT = 4096

    def __init__(self, get_hb_object_data, size: int = 32):
        self.get_hb_object_data = get_hb_object_data
        self.size = size
        self._kept: OrderedDict[int, tuple[object, bytes]] = OrderedDict()
        self._seen: set[int] = set()
        self._lock = threading.Lock()

    def __call__(self, hb_object, ot_color=None, glyph=None):
        if ot_color is not None:
            return self.get_hb_object_data(hb_object, ot_color, glyph)
        blob = harfbuzz.hb_face_reference_blob(hb_object)
        address = int(ffi.cast("uintptr_t", blob))
        with self._lock:
            kept = self._kept.get(address)
            if kept is not None:
                self._kept.move_to_end(address)
                harfbuzz.hb_blob_destroy(blob)
                return kept[1]
            keep = address in self._seen
            if len(self._seen) >= self.SEEN_LIMIT:
                self._seen.clear()
            self._seen.add(address)
        # As WeasyPrint's get_hb_object_data() reads a whole face, from the
        # blob already at hand (a subset's blob is made anew on each request).
        with ffi.new("unsigned int *") as length:
            pointer = harfbuzz.hb_blob_get_data(blob, length)
            data = None if pointer == ffi.NULL else ffi.unpack(pointer, int(length[0]))
        if not keep or data is None:
            harfbuzz.hb_blob_destroy(blob)
            return data
        with self._lock:
            self._kept[address] = (blob, data)
            while len(self._kept) > self.size:
                _address, (old_blob, _data) = self._kept.popitem(last=False)
                harfbuzz.hb_blob_destroy(old_blob)
        return data


def install_font_file_cache() -> bool:
    """Give WeasyPrint's PDF fonts a get_hb_object_data() that copies each font file once.

    Idempotent; installs nothing, and returns False, when WeasyPrint's PDF
    fonts no longer read font files through get_hb_object_data().
    """
    current = getattr(weasyprint_fonts, "get_hb_object_data", None)
    if isinstance(current, _FontFileCache):
        return True
    if current is None:
        return False
    weasyprint_fonts.get_hb_object_data = _FontFileCache(current)
    return True
