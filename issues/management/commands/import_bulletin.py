"""manage.py import_bulletin FILE…: past issues from plain text (.txt) or Word (.docx).

All files are read first, then imported in one transaction: one file that
cannot be read or imported, and nothing is written. --dry-run runs the whole
import and rolls it back, so what it prints is exactly what a real run does.
"""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from issues.exceptions import WorkflowError
from issues.importing.docx import WordFile, WordImportError, docx_lines
from issues.importing.loader import (
    AlreadyImported,
    ImportResult,
    MissingFacts,
    import_issue,
    with_facts,
)
from issues.importing.text import BulletinParseError, ParsedBulletin, parse_bulletin_lines
from issues.models import Series
from issues.pdf.render import ROLE_PREFIXES

# The option that gives each masthead fact.
FACT_OPTIONS = {
    "series_title": (gettext_lazy("series title"), "--series"),
    "compiler": (gettext_lazy("compiling office"), None),
    "year": (gettext_lazy("year"), "--year"),
    "number": (gettext_lazy("number in year"), "--number"),
    "cumulative_number": (gettext_lazy("cumulative number"), "--cumulative-number"),
    "issue_date": (gettext_lazy("issue date"), "--date"),
}


def _compact(title: str) -> str:
    return "".join(title.split())


def read_lines(path: Path) -> list[str]:
    """The lines of a .txt file (UTF-8, or GB18030 as Chinese Windows saves it) or a .docx."""
    if path.suffix.lower() == ".docx":
        return docx_lines(WordFile(path.name, path.read_bytes()))
    if path.suffix.lower() != ".txt":
        raise CommandError(_("%(file)s is neither a .txt nor a .docx file.") % {"file": path})
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


class Command(BaseCommand):
    help = "Imports past bulletins from plain text (.txt) or Word (.docx) files."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument(
            "--user",
            required=True,
            help="Username of the approver the imported issues are recorded by.",
        )
        parser.add_argument(
            "--series", metavar="SLUG", help="Short code of the series (default: by title)."
        )
        parser.add_argument("--year", type=int, help="Year of the issue line (2020年…).")
        parser.add_argument("--number", type=int, help="Number in the year (第N期).")
        parser.add_argument("--cumulative-number", type=int, help="Cumulative number (总第M期).")
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, metavar="YYYY-MM-DD", help="Issue date."
        )
        parser.add_argument(
            "--as-draft",
            action="store_true",
            help="Import as unnumbered drafts instead of published past issues.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace a past issue imported before (never one signed off in this system).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be imported; write nothing."
        )

    def handle(self, *args, files, dry_run, **options):
        user = self._user(options["user"])
        facts = {
            "year": options["year"],
            "number": options["number"],
            "cumulative_number": options["cumulative_number"],
            "issue_date": options["date"],
        }
        bulletins = [(path, with_facts(self._parse(path), **facts)) for path in files]
        if dry_run:
            self.stdout.write(_("Dry run: nothing will be saved."))
        with transaction.atomic():
            created_organisations = []
            for path, parsed in bulletins:
                result = self._import(path, parsed, user, options)
                created_organisations += result.created_organisations
                self._report(path, parsed, result)
            self._report_organisations(created_organisations)
            if dry_run:
                transaction.set_rollback(True)
        if dry_run:
            self.stdout.write(_("Dry run: nothing was saved."))

    def _user(self, username):
        try:
            return get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError(
                _("No active user is called “%(user)s”.") % {"user": username}
            ) from None

    def _parse(self, path: Path) -> ParsedBulletin:
        try:
            return parse_bulletin_lines(read_lines(path), source_name=path.name)
        except FileNotFoundError:
            raise CommandError(_("%(file)s does not exist.") % {"file": path}) from None
        except (BulletinParseError, WordImportError) as error:
            raise CommandError(str(error)) from error

    def _import(self, path: Path, parsed: ParsedBulletin, user, options) -> ImportResult:
        if parsed.missing:
            self.stdout.write(
                _("%(file)s: the masthead does not give the %(facts)s.")
                % {"file": path.name, "facts": self._facts(parsed.missing)}
            )
        try:
            return import_issue(
                parsed,
                series=self._series(path, parsed, options["series"]),
                user=user,
                as_draft=options["as_draft"],
                replace=options["replace"],
            )
        except MissingFacts as missing:
            options_to_give = " ".join(FACT_OPTIONS[fact][1] for fact in missing.facts)
            raise CommandError(
                _(
                    "%(file)s lacks the %(facts)s of a past issue: give them as options "
                    "(%(options)s), or import it as an unnumbered draft with --as-draft."
                )
                % {
                    "file": path.name,
                    "facts": self._facts(missing.facts),
                    "options": options_to_give,
                }
            ) from None
        except AlreadyImported as duplicate:
            raise CommandError(
                _(
                    "%(file)s: %(issue)s is already in the system. Give --replace to replace "
                    "it with this file."
                )
                % {"file": path.name, "issue": duplicate.issue}
            ) from None
        except WorkflowError as refusal:
            raise CommandError(f"{path.name}: {' '.join(refusal.messages)}") from None

    @staticmethod
    def _facts(names) -> str:
        return get_text_list([str(FACT_OPTIONS[name][0]) for name in names], _("and"))

    @staticmethod
    def _series(path: Path, parsed: ParsedBulletin, slug: str | None) -> Series:
        if slug:
            series = Series.objects.filter(slug=slug).first()
            if series is None:
                raise CommandError(_("No series has the short code “%(slug)s”.") % {"slug": slug})
            return series
        if parsed.series_title is None:
            raise CommandError(
                _("%(file)s: the masthead gives no series title; name the series with --series.")
                % {"file": path.name}
            )
        title = _compact(parsed.series_title)
        series = next((s for s in Series.objects.all() if _compact(s.title) == title), None)
        if series is None:
            raise CommandError(
                _(
                    "%(file)s: no series is titled “%(title)s”. Add the series in the admin "
                    "(Series → Add) with this title, or name an existing one with --series."
                )
                % {"file": path.name, "title": parsed.series_title}
            )
        return series

    def _report(self, path: Path, parsed: ParsedBulletin, result: ImportResult) -> None:
        issue = result.issue
        self.stdout.write(
            _("%(file)s → %(issue)s (%(status)s)")
            % {"file": path.name, "issue": issue, "status": issue.get_status_display()}
        )
        for position, article in enumerate(parsed.articles, start=1):
            count = len(article.paragraphs)
            self.stdout.write(
                "  "
                + ngettext(
                    "%(position)d. %(headline)s — %(count)d paragraph",
                    "%(position)d. %(headline)s — %(count)d paragraphs",
                    count,
                )
                % {"position": position, "headline": article.headline, "count": count}
            )
        rows = {}
        for recipient in parsed.recipients:
            rows.setdefault(recipient.role, []).append(recipient.name)
        recipients = " ".join(
            ROLE_PREFIXES[role] + "，".join(names) for role, names in rows.items()
        )
        self.stdout.write(
            "  " + _("Recipients: %(recipients)s") % {"recipients": recipients or "—"}
        )
        if issue.distribution_list_id != issue.series.default_distribution_list_id:
            self.stdout.write(
                "  " + _("New distribution list: %(list)s") % {"list": issue.distribution_list}
            )

    def _report_organisations(self, organisations) -> None:
        if organisations:
            names = "、".join(organisation.name for organisation in organisations)
            self.stdout.write(_("Organisations created: %(names)s") % {"names": names})
        else:
            self.stdout.write(_("No organisations were created."))
