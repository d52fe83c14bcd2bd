"""The issues app's models, one module per concern."""

from issues.models.articles import Article, ArticleImage
from issues.models.copies import OfficialCopy
from issues.models.events import IssueEvent
from issues.models.issue import FROZEN_MESSAGE, FreezeGuardedQuerySet, Issue, IssueRecipient
from issues.models.series import Series
from issues.models.versions import ArticleComment, IssueVersion

__all__ = [
    "FROZEN_MESSAGE",
    "Article",
    "ArticleComment",
    "ArticleImage",
    "FreezeGuardedQuerySet",
    "Issue",
    "IssueEvent",
    "IssueRecipient",
    "IssueVersion",
    "OfficialCopy",
    "Series",
]
