"""Errors of the editorial workflow, raised by services and by the models' freeze.

Each is a Django ValidationError, so forms and the admin can show its
messages; refusals for want of a role are PermissionDenied as well, so a view
that lets one through answers 403.
"""

from django.core.exceptions import PermissionDenied, ValidationError


class WorkflowError(ValidationError):
    """A transition or change the workflow does not allow; nothing was changed."""


class TransitionNotAllowed(WorkflowError):
    """The issue is not in a state this transition starts from."""


class IssueIncomplete(WorkflowError):
    """The issue lacks what a transition needs; one message per problem."""


class WorkflowPermissionDenied(WorkflowError, PermissionDenied):
    """The user's role (or the four-eyes rule) does not allow this transition."""


class IssueFrozenError(WorkflowError):
    """A signed-off issue, its articles and recipients are never changed."""


class PdfNotMade(WorkflowError):
    """The official PDF could not be rendered or stored, so sign-off did not happen."""


class ContentInReview(WorkflowError):
    """The content of an issue in review is what the approver reads; nobody changes it."""


class EditConflict(WorkflowError):
    """Someone else changed the issue after the form being saved was opened."""
