from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from issues.pdf import fonts


class Command(BaseCommand):
    help = _(
        "Cuts compact copies of the free CJK fonts (GB 2312 and punctuation) into "
        "BULLETIN_PDF_FONT_DIR, which make official PDFs smaller and quicker to render. "
        "Needs hb-subset (Debian package libharfbuzz-bin). Restart the application afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-missing", action="store_true", help=_("Build only the fonts not built yet.")
        )

    def handle(self, *args, if_missing, **options):
        for font in fonts.COMPACT_FONTS:
            if if_missing and font.path.is_file():
                continue
            try:
                path = fonts.build(font)
            except (fonts.FontBuildError, OSError) as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"{path} ({path.stat().st_size // 1024} KB)")
        for path in fonts.remove_earlier_builds():
            self.stdout.write(_("Removed %(path)s, made by an earlier version.") % {"path": path})
        self.stdout.write(self.style.SUCCESS(_("The compact PDF fonts are ready.")))
