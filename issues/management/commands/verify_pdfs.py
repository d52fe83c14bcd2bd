from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from issues import selectors


class Command(BaseCommand):
    help = (
        "Checks every stored official PDF against the SHA-256 and size recorded at sign-off "
        "and lists the missing or altered ones; exits non-zero if there are any."
    )

    def handle(self, *args, **options):
        checked = 0
        bad = 0
        for issue in selectors.issues_with_official_pdf().iterator():
            checked += 1
            problem = selectors.official_pdf_problem(issue)
            if problem:
                bad += 1
                self.stdout.write(f"{issue.pdf_file.name}: {problem} ({issue})")
        without_pdf = selectors.frozen_issues_without_official_pdf().count()
        if without_pdf:
            # Not damage, but worth knowing: `make_missing_pdfs` makes them.
            self.stdout.write(
                ngettext(
                    "%(count)d signed-off issue has no official PDF yet; "
                    "run `manage.py make_missing_pdfs`.",
                    "%(count)d signed-off issues have no official PDF yet; "
                    "run `manage.py make_missing_pdfs`.",
                    without_pdf,
                )
                % {"count": without_pdf}
            )
        if bad:
            raise CommandError(
                ngettext(
                    "%(bad)d of %(checked)d official PDF is missing or altered.",
                    "%(bad)d of %(checked)d official PDFs are missing or altered.",
                    checked,
                )
                % {"bad": bad, "checked": checked}
            )
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "%(count)d official PDF is intact.",
                    "All %(count)d official PDFs are intact.",
                    checked,
                )
                % {"count": checked}
            )
        )
