from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from issues import selectors, services


class Command(BaseCommand):
    help = _(
        "Makes the official PDF, once, of every signed-off or published issue that has none "
        "(such as imported past issues)."
    )

    def handle(self, *args, **options):
        made = 0
        for issue in selectors.frozen_issues_without_official_copies():
            for copy in services.make_missing_official_copies(issue):
                made += 1
                self.stdout.write(f"{copy.file.name} ({issue})")
        self.stdout.write(
            self.style.SUCCESS(
                ngettext("Made %(count)d official PDF.", "Made %(count)d official PDFs.", made)
                % {"count": made}
            )
        )
