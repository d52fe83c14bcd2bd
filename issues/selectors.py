"""Reads for the workflow: what a user may do, what happened to an issue.

The rules themselves live in issues.workflow and issues.services; these functions ask them
without changing anything.
"""

import hashlib
import re

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from issues.body_text import text_of_body
from issues.copies import formats as copy_formats
from issues.exceptions import WorkflowError
from issues.models import Issue, IssueEvent, OfficialCopy
from issues.pdf.characters import missing_characters
from issues.pdf.render import MISSING_CHARACTER_MARK
from issues.versions import ARTICLE_TEXT_FIELDS
from issues.workflow import TRANSITIONS, Transition, check_transition


def available_transitions(issue: Issue, user) -> list[Transition]:
    """The transitions `user` may take on `issue` now, in the order the admin shows them."""
    available = []
    for transition in TRANSITIONS:
        try:
            check_transition(transition, issue, user)
        except WorkflowError:
            continue
        available.append(transition)
    return available


def issue_history(issue: Issue) -> QuerySet[IssueEvent]:
    """The issue's workflow events, newest first."""
    return issue.events.select_related("user").order_by("-at", "-pk")


def latest_return(issue: Issue) -> IssueEvent | None:
    """The return that sent this draft back, while the editor has yet to resubmit it."""
    if issue.status != Issue.Status.DRAFT:
        return None
    latest = issue_history(issue).first()
    return latest if latest and latest.action == IssueEvent.Action.RETURN else None


def official_copy_problem(copy: OfficialCopy) -> str | None:
    """Why the stored official copy cannot be trusted, or None if it is intact."""
    storage = copy.file.storage
    if not storage.exists(copy.file.name):
        return _("missing")
    digest = hashlib.sha256()
    size = 0
    with storage.open(copy.file.name, "rb") as stored:
        for chunk in iter(lambda: stored.read(1024 * 1024), b""):
            digest.update(chunk)
            size += len(chunk)
    if size != copy.size or digest.hexdigest() != copy.sha256:
        return _("altered (SHA-256 or size differs from the one recorded at sign-off)")
    return None


def official_copy_signature_problem(copy: OfficialCopy) -> str | None:
    """Why a signed copy's signature does not hold, by its format's verifier; None if it does.

    None for a copy stored unsigned, and for a missing file (official_copy_problem says so).
    """
    storage = copy.file.storage
    if not copy.is_signed or not storage.exists(copy.file.name):
        return None
    with storage.open(copy.file.name, "rb") as stored:
        data = stored.read()
    return copy.copy_format.verify(data, copy.certificate_sha256)


def official_copies() -> QuerySet[OfficialCopy]:
    """Every stored official copy, issue by issue."""
    return OfficialCopy.objects.select_related("issue__series").order_by("issue", "pk")


def frozen_issues_without_official_copies() -> QuerySet[Issue]:
    """Signed-off issues that lack the copy of a registered format (imported ones, say)."""
    codes = copy_formats.codes()
    return (
        Issue.objects.filter(status__in=Issue.FROZEN_STATUSES)
        .alias(made=Count("official_copies", filter=Q(official_copies__format__in=codes)))
        .filter(made__lt=len(codes))
        .select_related("series", "distribution_list")
        .order_by("pk")
    )


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# 2026年第1期, 2026年1期, 2026-1, 2026/1, 2026.1; optionally followed by （总第290期）.
_YEAR_AND_NUMBER = re.compile(r"^(\d{4})\s*(?:年\s*第?|[-/.．]|\s)\s*(\d{1,3})\s*期?$")
_CUMULATIVE = re.compile(r"^总第?\s*(\d{1,6})\s*期?$")
_NUMBER = re.compile(r"^第\s*(\d{1,6})\s*期$|^(\d{1,6})$")


def number_query(text: str) -> Q | None:
    """The issues a search for a number means, or None when `text` is no issue number.

    "2026年第1期", "2026-1": that year's number 1; "总第290期": the cumulative
    number; "第1期" and a bare "290": either number (a year filter narrows the
    first), and a bare four-digit number the year too. A full issue line,
    2020年第26期（总第289期）, is understood too.
    """
    text = re.sub(r"\s+", " ", (text or "").translate(_FULL_WIDTH_DIGITS)).strip()
    text = text.replace("（", "(").replace("）", ")")
    full_line = re.match(r"^(.*?)\s*\((总第\s*\d+\s*期)\)$", text)
    if full_line:
        numbers, cumulative = number_query(full_line[1]), number_query(full_line[2])
        return numbers & cumulative if numbers and cumulative else None
    if match := _YEAR_AND_NUMBER.match(text):
        return Q(year=int(match[1]), number=int(match[2]))
    if match := _CUMULATIVE.match(text):
        return Q(cumulative_number=int(match[1]))
    if match := _NUMBER.match(text):
        number = int(match[1] or match[2])
        query = Q(number=number) | Q(cumulative_number=number)
        if match[2] and len(match[2]) == 4:
            query |= Q(year=number)  # a bare 2026 may be the year
        return query
    return None


def print_warnings(issue: Issue) -> list[str]:
    """Where the issue's PDF would print 〓: the characters no installed font has, by place."""
    places = [(_("The issue's editor's note"), issue.editor_note)]
    for number, article in enumerate(issue.articles.all(), start=1):
        text = " ".join(
            text_of_body(article.body) if name == "body" else getattr(article, name)
            for name in ARTICLE_TEXT_FIELDS
        )
        places.append((_("Article %(number)d") % {"number": number}, text))
    names = " ".join(recipient.display_name for recipient in issue.recipients_for_print())
    places.append((_("The distribution list"), names))
    warnings = []
    for place, text in places:
        missing = missing_characters(text)
        if missing:
            characters = "、".join(
                f"“{character}”（U+{ord(character):04X}）" for character in missing
            )
            warnings.append(
                _(
                    "%(place)s: no installed font has %(characters)s; "
                    "the PDF prints %(mark)s in its place."
                )
                % {"place": place, "characters": characters, "mark": MISSING_CHARACTER_MARK}
            )
    return warnings
