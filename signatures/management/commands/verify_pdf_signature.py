"""Checks the office's signature on PDF files, e.g. a copy a recipient forwarded."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from signatures.credentials import SigningNotConfigured, office_credentials
from signatures.verification import signature_problem, validate


class Command(BaseCommand):
    help = _(
        "Checks the digital signature of PDF files against the configured office certificate "
        "and prints pyHanko's validation report, as a PDF reader's signature panel shows it."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help=_("PDF files to check."))

    def handle(self, *args, files, **options):
        try:
            trust_roots = office_credentials().trust_roots
        except SigningNotConfigured as error:
            raise CommandError(_("No signing certificate is configured.")) from error
        failed = 0
        for name in files:
            path = Path(name)
            if not path.is_file():
                raise CommandError(_("%(file)s does not exist.") % {"file": path})
            pdf = path.read_bytes()
            problem = signature_problem(pdf, trust_roots)
            if problem is None:
                self.stdout.write(validate(pdf, trust_roots).pretty_print_details())
                self.stdout.write(self.style.SUCCESS(_("%(file)s: valid") % {"file": path}))
            else:
                failed += 1
                self.stdout.write(self.style.ERROR(f"{path}: {problem}"))
        if failed:
            raise CommandError(
                _("%(failed)d of %(count)d files failed the check.")
                % {"failed": failed, "count": len(files)}
            )
