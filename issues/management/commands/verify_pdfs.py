from django.core.management.base import BaseCommand, CommandError

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
                f"{without_pdf} signed-off issue(s) have no official PDF yet; "
                "run `manage.py make_missing_pdfs`."
            )
        if bad:
            raise CommandError(f"{bad} of {checked} official PDFs are missing or altered.")
        self.stdout.write(self.style.SUCCESS(f"All {checked} official PDFs are intact."))
