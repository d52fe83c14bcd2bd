"""What changed between two versions of an issue, as the approver reads it.

Texts are compared character by character, which is what Chinese needs (no
spaces between words); runs of Latin letters and digits count as one token.
Insertions are marked with <ins>, deletions with <del>; a paragraph break
removed or added within text that stays is marked ¶, so joined and split
paragraphs show even when not a word changed.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from issues.body_text import text_of_body
from issues.models import Article, Issue
from issues.versions import ARTICLE_TEXT_FIELDS, ISSUE_FIELDS, ArticleState, IssueState

TOKEN = re.compile(r"[A-Za-z0-9]+|\s+|.", re.DOTALL)
# An unchanged run this short between two changes reads better as part of them.
SHORT_EQUAL_RUN = 2
SENTENCE_ENDS = "。！？；…"
CLAUSE_ENDS = "，、：,.;:!? "
PARAGRAPH_MARK = "¶"


def _segments(old: str, new: str) -> list[tuple[str, str]]:
    """(kind, text) pairs, kind one of "equal", "delete", "insert", in reading order."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    segments = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append(("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("delete", "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(("insert", "".join(b[j1:j2])))
    return _end_changes_at_punctuation(_merge_changes(_absorb_short_equal_runs(segments)))


def _end_changes_at_punctuation(segments):
    """Slide each lone insertion or deletion to where it reads as whole sentences.

    "第[一句。新的]一句。" and "第一句。[新的一句。]" are the same change; the second
    starts after a full stop and ends with one. (The idea of diff-match-patch's
    semantic clean-up, for Chinese punctuation.)
    """
    segments = [["equal", ""], *([kind, text] for kind, text in segments), ["equal", ""]]
    for index in range(1, len(segments) - 1):
        before, change, after = segments[index - 1 : index + 2]
        if before[0] != "equal" or after[0] != "equal" or change[0] == "equal":
            continue
        start, text, end = before[1], change[1], after[1]
        while start and text and start[-1] == text[-1]:
            start, text, end = start[:-1], start[-1] + text[:-1], text[-1] + end
        best = (_boundary_score(start, text), start, text, end)
        while text and end and text[0] == end[0]:
            start, text, end = start + text[0], text[1:] + end[0], end[1:]
            best = max(best, (_boundary_score(start, text), start, text, end), key=lambda b: b[0])
        _score, before[1], change[1], after[1] = best
    return [(kind, text) for kind, text in segments if text]


def _boundary_score(start: str, change: str) -> int:
    # Whole paragraphs first ("乙。\n", not "\n乙。"), so a removed paragraph keeps its line.
    score = 0
    if not start or start[-1] == "\n":
        score += 3
    elif start[-1] in SENTENCE_ENDS:
        score += 2
    elif start[-1] in CLAUSE_ENDS:
        score += 1
    if change and change[-1] == "\n":
        score += 3
    elif change and change[-1] in SENTENCE_ENDS:
        score += 2
    elif change and change[-1] in CLAUSE_ENDS:
        score += 1
    return score


def _absorb_short_equal_runs(segments):
    """A character or two in common between changes (的, 。) become part of the change."""
    result = []
    for index, (kind, text) in enumerate(segments):
        between_changes = 0 < index < len(segments) - 1 and all(
            neighbour[0] != "equal" for neighbour in (segments[index - 1], segments[index + 1])
        )
        if (
            kind == "equal"
            and between_changes
            and len(text) <= SHORT_EQUAL_RUN
            and "\n" not in text
        ):
            result += [("delete", text), ("insert", text)]
        else:
            result.append((kind, text))
    return result


def _merge_changes(segments):
    """Within a run of changes, all that was deleted first, then all that was inserted."""
    merged = []
    run = {"delete": "", "insert": ""}

    def flush():
        for kind in ("delete", "insert"):
            if run[kind]:
                merged.append((kind, run[kind]))
                run[kind] = ""

    for kind, text in segments:
        if kind == "equal":
            flush()
            merged.append((kind, text))
        else:
            run[kind] += text
    flush()
    return merged


def marked_text(old: str, new: str) -> SafeString:
    """`new` with what was inserted since `old` in <ins> and what was deleted in <del>.

    Lines become paragraphs; a change spanning lines is marked in each of them.
    A removed break after text that stays joins the two paragraphs, marked
    <del>¶</del>; a break added after such text splits it, marked <ins>¶</ins>.
    Whole paragraphs removed or added keep their own lines, unmarked.
    """
    paragraphs = [[]]
    kept = False  # whether the current paragraph holds text of both versions
    for kind, text in _segments(old, new):
        for number, line in enumerate(text.split("\n")):
            if number:
                if kind == "equal" or not kept:
                    paragraphs.append([])
                elif kind == "delete":
                    paragraphs[-1].append(f'<del class="review-break">{PARAGRAPH_MARK}</del>')
                else:
                    paragraphs[-1].append(f'<ins class="review-break">{PARAGRAPH_MARK}</ins>')
                    paragraphs.append([])
                kept = kept and kind == "delete"
            if not line:
                continue
            if kind == "equal":
                paragraphs[-1].append(escape(line))
                kept = True
            else:
                tag = "ins" if kind == "insert" else "del"
                paragraphs[-1].append(f"<{tag}>{escape(line)}</{tag}>")
    return mark_safe("".join(f"<p>{''.join(parts)}</p>" for parts in paragraphs if parts))


def paragraph_count(text: str) -> int:
    return sum(1 for line in text.split("\n") if line.strip())


def changed_inline(old: str, new: str) -> SafeString:
    """Like marked_text, for one-line values such as a headline."""
    html = marked_text(old.replace("\n", " "), new.replace("\n", " "))
    return mark_safe(html.removeprefix("<p>").removesuffix("</p>"))


@dataclass
class FieldChange:
    label: str
    old: str
    new: str
    marked: SafeString


@dataclass
class ArticleChange:
    """One article in the newer version (or removed from it), with what changed."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    UNCHANGED = "unchanged"

    status: str
    key: int
    headline: str
    number: int | None  # its place in the newer version; None when removed
    old_number: int | None
    field_changes: list[FieldChange] = field(default_factory=list)
    body: SafeString | None = None
    formatting_only: bool = False
    # (before, after) when the body's paragraphs were joined or split; else None.
    paragraphs: tuple[int, int] | None = None
    paragraphs_only: bool = False  # the same words, only the paragraph breaks changed

    @property
    def paragraph_note(self) -> str:
        if self.paragraphs is None:
            return ""
        before, after = self.paragraphs
        note = (
            _("%(before)d paragraphs became %(after)d (%(count)d joined)")
            if after < before
            else _("%(before)d paragraphs became %(after)d (%(count)d split off)")
        ) % {"before": before, "after": after, "count": abs(before - after)}
        if self.paragraphs_only:
            note += _("; the words are the same, only the paragraph breaks changed.")
        return note

    @property
    def moved(self) -> bool:
        return self.status not in (self.ADDED, self.REMOVED) and self.number != self.old_number

    @property
    def status_label(self) -> str:
        return {
            self.ADDED: _("added"),
            self.REMOVED: _("removed"),
            self.CHANGED: _("changed"),
            self.UNCHANGED: _("unchanged"),
        }[self.status]


@dataclass
class IssueChanges:
    field_changes: list[FieldChange]
    articles: list[ArticleChange]

    @property
    def has_changes(self) -> bool:
        return bool(self.field_changes) or any(
            a.status != ArticleChange.UNCHANGED or a.moved for a in self.articles
        )

    @property
    def changed_articles(self) -> list[ArticleChange]:
        return [a for a in self.articles if a.status != ArticleChange.UNCHANGED or a.moved]


ISSUE_FIELD_LABELS = {name: Issue._meta.get_field(name).verbose_name for name in ISSUE_FIELDS}
RECIPIENTS_LABEL = gettext_lazy("recipients")
ARTICLE_FIELD_LABELS = {
    name: Article._meta.get_field(name).verbose_name for name in ARTICLE_TEXT_FIELDS
}
ORGANISATIONS_LABEL = Article._meta.get_field("organisations").verbose_name


def _field_change(label, old: str, new: str, *, multiline=False) -> FieldChange | None:
    if old == new:
        return None
    marked = marked_text(old, new) if multiline else changed_inline(old, new)
    return FieldChange(label=str(label), old=old, new=new, marked=marked)


def compare(old: IssueState, new: IssueState) -> IssueChanges:
    """What changed from `old` to `new`: issue fields, recipients, and article by article."""
    field_changes = [
        _field_change(ISSUE_FIELD_LABELS[name], old.fields.get(name, ""), new.fields.get(name, ""))
        for name in ISSUE_FIELDS
    ]
    field_changes.append(
        _field_change(
            RECIPIENTS_LABEL, "\n".join(old.recipients), "\n".join(new.recipients), multiline=True
        )
    )
    old_articles = {a.key: (number, a) for number, a in enumerate(old.articles, start=1)}
    new_keys = {a.key for a in new.articles}
    articles = []
    for number, article in enumerate(new.articles, start=1):
        if article.key not in old_articles:
            articles.append(
                ArticleChange(
                    ArticleChange.ADDED,
                    article.key,
                    article.headline,
                    number,
                    None,
                    body=marked_text("", text_of_body(article.body)),
                )
            )
            continue
        old_number, before = old_articles[article.key]
        articles.append(_article_change(before, article, number, old_number))
    for old_number, article in enumerate(old.articles, start=1):
        if article.key in new_keys:
            continue
        # Shown where it stood: after the articles that preceded it.
        preceding = {a.key for a in old.articles[: old_number - 1]}
        place = max((i + 1 for i, a in enumerate(articles) if a.key in preceding), default=0)
        articles.insert(
            place,
            ArticleChange(
                ArticleChange.REMOVED,
                article.key,
                article.headline,
                None,
                old_number,
                body=marked_text(text_of_body(article.body), ""),
            ),
        )
    return IssueChanges([c for c in field_changes if c], articles)


def _article_change(before: ArticleState, after: ArticleState, number, old_number):
    changes = [
        _field_change(ARTICLE_FIELD_LABELS[name], getattr(before, name), getattr(after, name))
        for name in ("headline", "subheadline", "byline", "source", "editor_note")
    ]
    changes.append(
        _field_change(
            ORGANISATIONS_LABEL, "、".join(before.organisations), "、".join(after.organisations)
        )
    )
    old_text, new_text = text_of_body(before.body), text_of_body(after.body)
    body_changed = before.body != after.body
    changes = [c for c in changes if c]
    status = ArticleChange.CHANGED if changes or body_changed else ArticleChange.UNCHANGED
    paragraphs = (paragraph_count(old_text), paragraph_count(new_text))
    return ArticleChange(
        status,
        after.key,
        after.headline,
        number,
        old_number,
        field_changes=changes,
        body=marked_text(old_text, new_text) if body_changed else None,
        formatting_only=body_changed and old_text == new_text,
        paragraphs=paragraphs if paragraphs[0] != paragraphs[1] else None,
        paragraphs_only=paragraphs[0] != paragraphs[1]
        and old_text.replace("\n", "") == new_text.replace("\n", ""),
    )
