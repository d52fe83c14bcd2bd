"""Past bulletins into the system: a parsed bulletin becomes an issue, a folder becomes an archive.

Every way seed text or a past issue enters the system (demo data, the
`import_bulletin` command) goes through `import_issue`, in one transaction; the
command hands its files to `import_files`, which imports each in a transaction of
its own and says what became of it.
"""

import dataclasses
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from archive_import.models import ImportRecord
from archive_import.parsing import (
    MASTHEAD_FACTS,
    BulletinParseError,
    ParsedArticle,
    ParsedBulletin,
    parse_bulletin_lines,
)
from archive_import.reading import SUFFIXES, UnreadableFile, read_document
from issues import services
from issues.exceptions import TransitionNotAllowed, WorkflowError
from issues.models import Article, Issue, Series
from organisations.models import DistributionList, Organisation, Recipient
from organisations.resolution import OrganisationResolver

# What a past issue needs to be recorded with its printed numbers.
FACTS_OF_A_PAST_ISSUE = ("year", "number", "cumulative_number", "issue_date")


class ImportRefused(ValueError):
    """The bulletin cannot be imported as asked; nothing was written."""


class MissingFacts(ImportRefused):
    """The masthead lacks facts a past issue needs; `facts` names them (ParsedBulletin fields)."""

    def __init__(self, facts: list[str]):
        super().__init__(facts)
        self.facts = facts


def body_html(paragraphs: tuple[str, ...]) -> str:
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)


def build_distribution_list(
    name: str, parsed: ParsedBulletin, resolver: OrganisationResolver
) -> DistributionList:
    """A distribution list holding the bulletin's 报/送/发 block, in its order."""
    distribution_list = DistributionList.objects.create(name=name)
    Recipient.objects.bulk_create(
        [
            _recipient(
                distribution_list, position, parsed_recipient.role, parsed_recipient.name, resolver
            )
            for position, parsed_recipient in enumerate(parsed.recipients, start=1)
        ]
    )
    return distribution_list


def _recipient(distribution_list, position, role, name, resolver) -> Recipient:
    organisation = resolver.recipient(name)
    return Recipient(
        distribution_list=distribution_list,
        position=position,
        role=role,
        organisation=organisation,
        free_text="" if organisation else name,
    )


def _add_article(issue: Issue, position: int, parsed: ParsedArticle, resolver) -> Article:
    article = Article.objects.create(
        issue=issue,
        position=position,
        headline=parsed.headline,
        subheadline=parsed.subheadline,
        byline=parsed.byline,
        editor_note=parsed.editor_note,
        source=parsed.source or parsed.organisation,
        body=body_html(parsed.paragraphs),
    )
    if parsed.organisation:
        article.organisations.add(resolver.get_or_create(parsed.organisation))
    elif parsed.source and (contributor := resolver.recipient(parsed.source)):
        article.organisations.add(contributor)
    else:
        article.organisations.add(*resolver.named_in(f"{parsed.headline}{parsed.subheadline}"))
    return article


@dataclass
class ImportResult:
    issue: Issue
    created_organisations: list[Organisation]


@transaction.atomic
def import_bulletin(
    parsed: ParsedBulletin,
    *,
    series: Series,
    distribution_list: DistributionList | None = None,
    created_by=None,
    resolver: OrganisationResolver | None = None,
) -> ImportResult:
    """Create a draft issue from `parsed`, with its articles in order.

    The distribution list defaults to the series' own list; numbering an
    imported issue (as a historical, already published one) is a separate
    step, `issues.services.record_historical_issue`.
    """
    if not parsed.articles:
        raise ValueError(_("The bulletin has no articles."))
    resolver = resolver or OrganisationResolver()
    issue = Issue.objects.create(
        series=series,
        issue_date=parsed.issue_date,
        print_count=parsed.print_count,
        editor_note=parsed.editor_note,
        distribution_list=distribution_list or series.default_distribution_list,
        created_by=created_by,
    )
    for position, parsed_article in enumerate(parsed.articles, start=1):
        _add_article(issue, position, parsed_article, resolver)
    return ImportResult(issue=issue, created_organisations=resolver.created)


class AlreadyImported(ImportRefused):
    """The series already has this past issue; `issue` is the one there."""

    def __init__(self, issue: Issue):
        super().__init__(issue)
        self.issue = issue


def with_facts(parsed: ParsedBulletin, **facts) -> ParsedBulletin:
    """`parsed` with the facts given (those not None) in place of the masthead's."""
    given = {name: value for name, value in facts.items() if value is not None}
    fact_lines = {name: line for name, line in parsed.fact_lines.items() if name not in given}
    updated = dataclasses.replace(parsed, **given, fact_lines=fact_lines)
    missing = tuple(name for name in MASTHEAD_FACTS if getattr(updated, name) is None)
    return dataclasses.replace(updated, missing=missing)


@transaction.atomic
def import_issue(
    parsed: ParsedBulletin, *, series: Series, user, as_draft: bool = False, replace: bool = False
) -> ImportResult:
    """Import `parsed` as the published past issue it was, or as an unnumbered draft.

    A past issue keeps its printed numbers, so the series' numbering counts on
    after it. One the series already has (same year and number, or same
    cumulative number) is refused, unless `replace`: then the imported one is
    deleted first; an issue signed off in this system is never replaced.
    """
    if not as_draft:
        missing = [fact for fact in FACTS_OF_A_PAST_ISSUE if getattr(parsed, fact) is None]
        if missing:
            raise MissingFacts(missing)
        _make_room(parsed, series, user, replace=replace)
    resolver = OrganisationResolver()
    result = import_bulletin(
        parsed,
        series=series,
        distribution_list=distribution_list_for(parsed, series, resolver),
        created_by=user,
        resolver=resolver,
    )
    if not as_draft:
        services.record_historical_issue(
            result.issue,
            year=parsed.year,
            number=parsed.number,
            cumulative_number=parsed.cumulative_number,
            user=user,
        )
    return result


def _make_room(parsed: ParsedBulletin, series: Series, user, *, replace: bool) -> None:
    same_issue = Q(year=parsed.year, number=parsed.number) | Q(
        cumulative_number=parsed.cumulative_number
    )
    for existing in series.issues.filter(same_issue):
        if not replace:
            raise AlreadyImported(existing)
        old_list = existing.distribution_list
        services.delete_historical_issue(existing, user)
        _delete_if_unused(old_list)


def _delete_if_unused(distribution_list: DistributionList | None) -> None:
    if distribution_list is None or distribution_list.issues.exists():
        return
    if not Series.objects.filter(default_distribution_list=distribution_list).exists():
        distribution_list.delete()


def distribution_list_for(
    parsed: ParsedBulletin, series: Series, resolver: OrganisationResolver
) -> DistributionList | None:
    """The series' default list when the bulletin's recipients are the same, else a new list."""
    default = series.default_distribution_list
    if not parsed.recipients or (default and _same_recipients(default, parsed, resolver)):
        return default
    return build_distribution_list(_unused_list_name(series, parsed), parsed, resolver)


def _same_recipients(
    distribution_list: DistributionList, parsed: ParsedBulletin, resolver: OrganisationResolver
) -> bool:
    """Same roles and the same organisations (or free-text names), in the same order."""
    listed = [
        (entry.role, entry.organisation_id or entry.free_text)
        for entry in distribution_list.recipients.in_print_order()
    ]
    printed = []
    for recipient in parsed.recipients:
        organisation = resolver.find(recipient.name)
        printed.append((recipient.role, organisation.pk if organisation else recipient.name))
    return listed == printed


def _unused_list_name(series: Series, parsed: ParsedBulletin) -> str:
    if parsed.number is not None:
        label = f"{parsed.year}年第{parsed.number}期"
    else:
        label = parsed.issue_date.isoformat() if parsed.issue_date else "草稿"
    base = f"{series.title} {label} 报送名单"
    name, copy = base, 1
    while DistributionList.objects.filter(name=name).exists():
        copy += 1
        name = f"{base}（{copy}）"
    return name


# --- An archive: many files, each in a transaction of its own ------------------------------


class Outcome:
    IMPORTED = "imported"
    NEEDS_REVIEW = "needs_review"
    SKIPPED = "skipped"
    REFUSED = "refused"


@dataclass
class FileOutcome:
    """What became of one file, for the command's table."""

    name: str
    status: str
    message: str = ""  # why a file was refused or skipped, with its line
    issue_line: str = ""
    articles: int = 0
    recipients: int = 0
    headlines: tuple = ()
    notes: tuple = ()
    issue: Issue | None = None
    created_organisations: list = field(default_factory=list)


@dataclass(frozen=True)
class ImportOptions:
    user: object
    series_slug: str | None = None
    facts: dict = field(default_factory=dict)  # year, number… given by the clerk
    as_draft: bool = False
    replace: bool = False
    accept_guesses: bool = False
    dry_run: bool = False


class Refusal(Exception):
    """A file is not imported; the message says why (with the line where there is one)."""


def collect_files(paths: list[Path]) -> list[Path]:
    """The files to import: those given, and the .txt and .docx files in folders, sorted."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                found
                for found in path.rglob("*")
                if found.is_file()
                and found.suffix.lower() in SUFFIXES
                and not found.name.startswith(("~$", "."))
            )
        else:
            files.append(path)
    return files


def import_files(paths: list[Path], options: ImportOptions, *, progress=None) -> list[FileOutcome]:
    """Import each file in its own transaction, going on past failures.

    `progress(done, total, name)` is called after each file.
    """
    files = collect_files(paths)
    in_this_run: dict[tuple, str] = {}
    outcomes = []
    for done, path in enumerate(files, start=1):
        outcomes.append(import_file(path, options, in_this_run=in_this_run))
        if progress:
            progress(done, len(files), path.name)
    return outcomes


def import_file(path: Path, options: ImportOptions, *, in_this_run=None) -> FileOutcome:
    in_this_run = {} if in_this_run is None else in_this_run
    try:
        document = read_document(path)
    except UnreadableFile as error:
        return FileOutcome(path.name, Outcome.REFUSED, str(error).removeprefix(f"{path.name}："))
    earlier = ImportRecord.objects.filter(sha256=document.sha256).select_related("issue").first()
    if earlier is not None:
        return FileOutcome(
            path.name,
            Outcome.SKIPPED,
            _("已导入（%(file)s，%(issue)s）")
            % {"file": earlier.source_name, "issue": earlier.issue},
        )
    try:
        parsed = parse_bulletin_lines(document.lines, source_name=path.name)
    except BulletinParseError as error:
        return FileOutcome(path.name, Outcome.REFUSED, error.at_line)
    parsed = with_facts(parsed, **options.facts)
    outcome = FileOutcome(
        path.name,
        Outcome.IMPORTED,
        issue_line=_issue_line(parsed),
        articles=len(parsed.articles),
        recipients=len(parsed.recipients),
        headlines=tuple(article.headline for article in parsed.articles),
        notes=parsed.notes,
    )
    try:
        with transaction.atomic():
            _import_document(document, parsed, options, outcome, in_this_run)
            if options.dry_run:
                transaction.set_rollback(True)
    except Refusal as refusal:
        outcome.status, outcome.message = Outcome.REFUSED, str(refusal)
    except AlreadyImported as duplicate:
        outcome.status = Outcome.SKIPPED
        outcome.message = _("%(issue)s 已在系统中；要用此文件替换，请加 --replace") % {
            "issue": duplicate.issue
        }
    except WorkflowError as refusal:
        outcome.status = Outcome.REFUSED
        outcome.message = " ".join(refusal.messages)
    return outcome


def _issue_line(parsed: ParsedBulletin) -> str:
    if parsed.number is None:
        return ""
    line = f"{parsed.year or '?'}年第{parsed.number}期"
    if parsed.cumulative_number is not None:
        line += f"（总第{parsed.cumulative_number}期）"
    return line


def _import_document(document, parsed, options, outcome, in_this_run) -> None:
    series = series_for(parsed, options.series_slug)
    needs_review = bool(parsed.guesses) and not options.accept_guesses
    if not options.as_draft:
        missing = [fact for fact in FACTS_OF_A_PAST_ISSUE if getattr(parsed, fact) is None]
        if missing:
            raise Refusal(
                _(
                    "报头缺少%(facts)s，不能作为往期导入：请用选项补上（%(options)s），"
                    "或加 --as-draft 作为草稿导入"
                )
                % {
                    "facts": "、".join(FACT_LABELS[fact] for fact in missing),
                    "options": " ".join(FACT_OPTIONS[fact] for fact in missing),
                }
            )
        key = (series.pk, parsed.year, parsed.number)
        if key in in_this_run:
            raise Refusal(_("期号与本次导入的 %(file)s 相同") % {"file": in_this_run[key]})
        if not options.user.has_perm("issues.publish_issue"):
            raise Refusal(_("只有有权发布简报的用户才能导入往期；或加 --as-draft 作为草稿导入"))
        _make_room_for(parsed, series, options.user, replace=options.replace)
        check_numbering(parsed, series)
    result = import_issue(
        parsed,
        series=series,
        user=options.user,
        as_draft=options.as_draft or needs_review,
        replace=options.replace,
    )
    ImportRecord.objects.create(
        source_name=document.name,
        sha256=document.sha256,
        original_text=document.text,
        issue=result.issue,
        status=ImportRecord.Status.NEEDS_REVIEW if needs_review else ImportRecord.Status.IMPORTED,
        notes=[dataclasses.asdict(note) for note in parsed.notes],
        year=parsed.year if not options.as_draft else None,
        number=parsed.number if not options.as_draft else None,
        cumulative_number=parsed.cumulative_number if not options.as_draft else None,
        imported_by=options.user,
    )
    if not options.as_draft:
        # A dry run rolls every file back: this is how it still sees two files of one issue.
        in_this_run[(series.pk, parsed.year, parsed.number)] = document.name
    outcome.status = Outcome.NEEDS_REVIEW if needs_review else Outcome.IMPORTED
    outcome.issue = result.issue
    outcome.created_organisations = result.created_organisations


def _make_room_for(parsed: ParsedBulletin, series: Series, user, *, replace: bool) -> None:
    """Refuse (or, with `replace`, delete) the issue or draft to be checked that has these numbers.

    A draft to be checked keeps its printed numbers aside, on its import record, so that
    none may clash when it is confirmed.
    """
    pending = ImportRecord.objects.to_check().filter(
        Q(year=parsed.year, number=parsed.number) | Q(cumulative_number=parsed.cumulative_number),
        issue__series=series,
    )
    for record in pending.select_related("issue"):
        if not replace:
            raise AlreadyImported(record.issue)
        old_list = record.issue.distribution_list
        record.issue.delete()  # an unnumbered draft; its record goes with it
        _delete_if_unused(old_list)
    _make_room(parsed, series, user, replace=replace)


def check_numbering(parsed: ParsedBulletin, series: Series) -> None:
    """The cumulative number must lie between those of the series' issues before and after."""
    numbered = series.issues.numbered().exclude(
        Q(year=parsed.year, number=parsed.number) | Q(cumulative_number=parsed.cumulative_number)
    )
    earlier = Q(year__lt=parsed.year) | Q(year=parsed.year, number__lt=parsed.number)
    before = numbered.filter(earlier).order_by("-year", "-number").first()
    after = numbered.exclude(earlier).order_by("year", "number").first()
    for neighbour, wrong in (
        (before, before and before.cumulative_number >= parsed.cumulative_number),
        (after, after and after.cumulative_number <= parsed.cumulative_number),
    ):
        if wrong:
            raise Refusal(
                _at_line(parsed, "cumulative_number")
                + _("总第%(cumulative)d期与本系列已有的%(other)s不一致，请核对期号")
                % {"cumulative": parsed.cumulative_number, "other": neighbour.issue_line}
            )


def _at_line(parsed: ParsedBulletin, fact: str) -> str:
    """第N行： for the line the masthead gave `fact` on; nothing for a fact given as an option."""
    line = parsed.fact_lines.get(fact)
    return _("第%(line)d行：") % {"line": line} if line else ""


def series_for(parsed: ParsedBulletin, slug: str | None) -> Series:
    """The series chosen by its short code, or the one whose title the masthead gives."""
    if slug:
        series = Series.objects.filter(slug=slug).first()
        if series is None:
            raise Refusal(_("没有简称为“%(slug)s”的简报系列") % {"slug": slug})
        return series
    if parsed.series_title is None:
        raise Refusal(_("报头中没有简报名称；请用 --series 指定简报系列"))
    title = "".join(parsed.series_title.split())
    titled = {"".join(s.title.split()): s for s in Series.objects.all()}
    series = titled.get(title)
    if series is None:
        # The masthead may add the office (某省交通运输厅 交通运输工作简报), or drop it.
        near = [
            s
            for compact, s in titled.items()
            if min(len(compact), len(title)) >= MIN_TITLE_CHARS
            and (compact in title or title in compact)
        ]
        series = near[0] if len(near) == 1 else None
    if series is None:
        raise Refusal(
            _at_line(parsed, "series_title")
            + _(
                "没有名为“%(title)s”的简报系列；请先在管理后台添加该系列，"
                "或用 --series 指定已有的系列"
            )
            % {"title": parsed.series_title}
        )
    return series


@transaction.atomic
def confirm_import(record: ImportRecord, user) -> ImportRecord:
    """A clerk has checked a draft imported with guesses: record it as the past issue it was."""
    record = ImportRecord.objects.select_for_update().get(pk=record.pk)
    if record.status != ImportRecord.Status.NEEDS_REVIEW:
        return record
    if record.number is not None:
        taken = record.issue.series.issues.filter(
            Q(year=record.year, number=record.number)
            | Q(cumulative_number=record.cumulative_number)
        ).first()
        if taken is not None:
            raise TransitionNotAllowed(
                _("%(issue)s 已在系统中，不能再记为同一期") % {"issue": taken}
            )
        services.record_historical_issue(
            record.issue,
            year=record.year,
            number=record.number,
            cumulative_number=record.cumulative_number,
            user=user,
        )
    record.status = ImportRecord.Status.CHECKED
    record.checked_by, record.checked_at = user, timezone.now()
    record.save(update_fields=["status", "checked_by", "checked_at"])
    return record


# A series title shorter than this (简报) names no series when found inside a longer one.
MIN_TITLE_CHARS = 4
FACT_LABELS = {
    "year": "年份",
    "number": "期号",
    "cumulative_number": "总期号",
    "issue_date": "日期",
}
FACT_OPTIONS = {
    "year": "--year",
    "number": "--number",
    "cumulative_number": "--cumulative-number",
    "issue_date": "--date",
}
