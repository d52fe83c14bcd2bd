from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from issues import selectors
from issues.copies import formats as copy_formats
from issues.pdf import storage as pdf_storage


class Command(BaseCommand):
    help = _(
        "Checks every stored official PDF against the SHA-256 and size recorded at sign-off, "
        "and its digital signature if it was signed, and lists the missing, altered or "
        "wrongly signed ones; exits non-zero if there are any."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--delete-strays",
            action="store_true",
            help=_(
                "Delete the stored files under issues/pdf/ that no issue refers to "
                "(left by a sign-off that did not complete)."
            ),
        )

    def handle(self, *args, **options):
        self._report_strays(delete=options["delete_strays"])
        checked = 0
        bad = 0
        signed = 0
        # Every official copy, of every format: the PDF, and any other in the registry.
        for copy in selectors.official_copies().iterator():
            checked += 1
            # The hash is our own record; the signature proves the copy to anyone.
            problems = [
                problem
                for problem in (
                    selectors.official_copy_problem(copy),
                    selectors.official_copy_signature_problem(copy),
                )
                if problem
            ]
            if problems:
                bad += 1
                self.stdout.write(f"{copy.file.name}: {'; '.join(problems)} ({copy.issue})")
            elif copy.is_signed:
                signed += 1
        without_pdf = selectors.frozen_issues_without_official_copies().count()
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
        if checked:
            self.stdout.write(_signature_summary(signed, checked))

    def _report_strays(self, *, delete: bool) -> None:
        folders = [copy_format.folder for copy_format in copy_formats.formats()]
        strays = list(pdf_storage.stray_official_pdfs(folders))
        for name in strays:
            if delete:
                pdf_storage.delete_stored(name)
                self.stdout.write(_("%(name)s: no issue refers to it; deleted.") % {"name": name})
            else:
                self.stdout.write(_("%(name)s: no issue refers to it.") % {"name": name})
        if strays and not delete:
            self.stdout.write(
                ngettext(
                    "%(count)d stored file belongs to no issue; "
                    "`manage.py verify_pdfs --delete-strays` deletes it.",
                    "%(count)d stored files belong to no issue; "
                    "`manage.py verify_pdfs --delete-strays` deletes them.",
                    len(strays),
                )
                % {"count": len(strays)}
            )


def _signature_summary(signed: int, intact: int) -> str:
    if signed == intact:
        return ngettext(
            "It carries a valid digital signature.",
            "Each carries a valid digital signature.",
            intact,
        )
    return ngettext(
        "%(signed)d of them carries a valid digital signature; the others were stored "
        "before a certificate was configured.",
        "%(signed)d of them carry a valid digital signature; the others were stored "
        "before a certificate was configured.",
        signed,
    ) % {"signed": signed}
