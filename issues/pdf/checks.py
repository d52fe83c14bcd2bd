"""System check: the PDF renderer needs HarfBuzz's subsetter to be fast.

WeasyPrint 70 subsets embedded fonts with libharfbuzz-subset (>= 4.1.0) when
it can load it (weasyprint.text.ffi.harfbuzz_subset) and otherwise falls back
to fontTools (weasyprint.pdf.fonts.Font.subset), which takes seconds instead
of milliseconds per CJK font: a 7-page issue goes from ~0.4 s to ~18 s.
"""

from django.core.checks import Warning, register


def harfbuzz_subset_available() -> bool:
    from weasyprint.text import ffi

    return ffi.harfbuzz_subset is not None and bool(ffi.harfbuzz.hb_version_atleast(4, 1, 0))


@register()
def check_harfbuzz_subset(app_configs=None, **kwargs):
    if harfbuzz_subset_available():
        return []
    return [
        Warning(
            "HarfBuzz font subsetting (libharfbuzz-subset, version 4.1 or later) is not "
            "available, so WeasyPrint subsets fonts with fontTools: every bulletin PDF "
            "takes many seconds (about 18 s instead of 0.4 s for seven pages).",
            hint="Install the Debian package libharfbuzz-subset0 (apt-get install "
            "libharfbuzz-subset0) and restart the application.",
            id="issues.W001",
        )
    ]
