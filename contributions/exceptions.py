"""Refusals of the report workflow, raised by contributions.services."""

from django.core.exceptions import PermissionDenied, ValidationError


class ReportError(ValidationError):
    """A step the report workflow does not allow; nothing was changed."""


class ReportPermissionDenied(ReportError, PermissionDenied):
    """The user may not take this step on this report."""
