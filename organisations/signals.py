"""What organisations asks of the apps built on it before an organisation goes.

They know why one may not be deleted (issues: it is named on a signed-off
issue); organisations does not, and imports none of them.
"""

from django.dispatch import Signal

# Sent with `organisations` (a queryset) by Organisation.delete() and
# OrganisationQuerySet.delete() before anything is collected or deleted, so
# that a refusal leaves the caller's transaction usable (a pre_delete receiver
# raising would break it). A receiver refuses by raising ProtectedError.
deleting = Signal()

# Sent with `organisations` (a queryset) by the admin before it offers to delete
# them: a receiver returns those of them it forbids deleting, listed as protected.
deletion_forbidden = Signal()


def forbidden_to_delete(organisations) -> list:
    """Those of `organisations` that some app forbids deleting, each once, in order."""
    forbidden = {}
    for _receiver, answer in deletion_forbidden.send(
        sender=organisations.model, organisations=organisations
    ):
        for organisation in answer or ():
            forbidden.setdefault(organisation.pk, organisation)
    return list(forbidden.values())
