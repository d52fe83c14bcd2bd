"""Reads for the review: what changed since the approver last saw the issue, per version."""

from dataclasses import dataclass

from issues.models import Issue, IssueVersion
from issues.versions import (
    IssueState,
    latest_reviewed_version,
    previous_version,
    state_of_issue,
    state_of_version,
)
from reviews.diff import IssueChanges, compare


@dataclass
class Changes:
    """`changes` from `baseline` (None: nothing to compare with) to a newer content."""

    baseline: IssueVersion | None
    changes: IssueChanges | None


def changes_since_review(issue: Issue) -> Changes:
    """The issue as it is now against the version an approver last returned or took back."""
    baseline = latest_reviewed_version(issue)
    if baseline is None:
        return Changes(None, None)
    return Changes(baseline, compare(state_of_version(baseline), state_of_issue(issue)))


def changes_in_version(version: IssueVersion) -> Changes:
    """What `version` changed against the one before it (all of it, for the first)."""
    previous = previous_version(version)
    old = state_of_version(previous) if previous else IssueState()
    return Changes(previous, compare(old, state_of_version(version)))
