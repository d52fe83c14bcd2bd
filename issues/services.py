"""State changes of issues. Views, admin and commands call these; they hold the rules."""

from issues.models import Issue


def renumber_articles(issue: Issue) -> None:
    """Keep article positions 1…n in their chosen order, without gaps."""
    issue.articles.renumber()
