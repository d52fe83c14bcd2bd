"""manage.py import_bulletin PATH…: past issues from .txt and .docx files, or whole folders of them.

Each file is imported in a transaction of its own, and the command goes on past a
file it cannot import; it ends with a table of what became of every file. A file
the parser had to guess about is imported as a draft to be checked (待核对) unless
--accept-guesses. A file imported before (same content) is skipped, so a folder can
be imported again after its refused files were corrected. --dry-run imports each
file and rolls it back, so what it prints is exactly what a real run does.
"""

import datetime
import unicodedata
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from archive_import.parsing import Finding
from archive_import.services import FileOutcome, ImportOptions, Outcome, import_files

STATUS_LABELS = {
    Outcome.IMPORTED: "已导入",
    Outcome.NEEDS_REVIEW: "待核对",
    Outcome.SKIPPED: "已跳过",
    Outcome.REFUSED: "未导入",
}
PROGRESS_WIDTH = 30


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _cell(text: str, width: int) -> str:
    while _width(text) > width:
        text = text[:-2] + "…"
    return text + " " * (width - _width(text))


class Command(BaseCommand):
    help = _("Imports past bulletins from .txt and .docx files, or from folders of them.")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
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
            "--accept-guesses",
            action="store_true",
            help="Import files with guesses as past issues too, not as drafts to be checked.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace a past issue imported before (never one signed off in this system).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be imported; write nothing."
        )

    def handle(self, *args, paths, dry_run, verbosity, **options):
        self.verbosity = verbosity
        options = ImportOptions(
            user=self._user(options["user"]),
            series_slug=options["series"],
            facts={
                "year": options["year"],
                "number": options["number"],
                "cumulative_number": options["cumulative_number"],
                "issue_date": options["date"],
            },
            as_draft=options["as_draft"],
            replace=options["replace"],
            accept_guesses=options["accept_guesses"],
            dry_run=dry_run,
        )
        if dry_run:
            self.stdout.write(_("试运行：不会保存任何内容。"))
        outcomes = import_files(paths, options, progress=self._progress_bar())
        if not outcomes:
            raise CommandError(_("没有找到 .txt 或 .docx 文件"))
        self._report(outcomes)
        if dry_run:
            self.stdout.write(_("试运行：未保存任何内容。"))
        refused = [outcome for outcome in outcomes if outcome.status == Outcome.REFUSED]
        if refused:
            raise CommandError(
                _("%(count)d 个文件未导入：") % {"count": len(refused)}
                + "\n"
                + "\n".join(f"{outcome.name}：{outcome.message}" for outcome in refused)
            )

    def _user(self, username):
        try:
            return get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError(_("没有名为“%(user)s”的有效用户") % {"user": username}) from None

    def _progress_bar(self):
        """A bar on a terminal (stderr, so that the table can be piped); nothing otherwise."""
        if not self.stderr.isatty():
            return None

        def progress(done: int, total: int, name: str) -> None:
            filled = PROGRESS_WIDTH * done // total
            bar = "█" * filled + "░" * (PROGRESS_WIDTH - filled)
            end = "\n" if done == total else ""
            self.stderr.write(f"\r{bar} {done}/{total} {_cell(name, 40)}", ending=end)
            self.stderr.flush()

        return progress

    def _report(self, outcomes: list[FileOutcome]) -> None:
        header = (
            _cell(_("文件"), 32),
            _cell(_("刊期"), 28),
            _cell(_("文章"), 4),
            _cell(_("报送"), 4),
            _("结果"),
        )
        self.stdout.write("  ".join(header))
        for outcome in outcomes:
            result = STATUS_LABELS[outcome.status]
            if outcome.message:
                result += f"：{outcome.message}"
            self.stdout.write(
                "  ".join(
                    (
                        _cell(outcome.name, 32),
                        _cell(outcome.issue_line or "—", 28),
                        _cell(str(outcome.articles), 4),
                        _cell(str(outcome.recipients), 4),
                        result,
                    )
                )
            )
        if self.verbosity >= 1:
            for outcome in outcomes:
                self._report_findings(outcome)
        counts = {status: 0 for status in STATUS_LABELS}
        for outcome in outcomes:
            counts[outcome.status] += 1
        self.stdout.write(
            "，".join(f"{STATUS_LABELS[status]} {count}" for status, count in counts.items())
        )
        created = [org.name for outcome in outcomes for org in outcome.created_organisations]
        if created:
            self.stdout.write(_("新建单位：%(names)s") % {"names": "、".join(created)})

    def _report_findings(self, outcome: FileOutcome) -> None:
        if outcome.status not in (Outcome.IMPORTED, Outcome.NEEDS_REVIEW):
            return
        self.stdout.write(f"{outcome.name} → {outcome.issue}")
        for position, headline in enumerate(outcome.headlines, start=1):
            self.stdout.write(f"  {position}. {headline}")
        for kind, label in (
            (Finding.FOUND, "识别"),
            (Finding.GUESSED, "推断"),
            (Finding.MISSING, "缺少"),
        ):
            for note in outcome.notes:
                if note.kind == kind:
                    self.stdout.write(f"  [{label}] {note.message}")
