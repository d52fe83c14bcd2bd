"""Deleting issues from the admin: drafts only, by their editors, through the service."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied

from issues import services
from issues.models import ArticleComment, IssueEvent, IssueVersion


class DraftDeletionMixin:
    """A ModelAdmin mixin: every deletion asks issues.services.deletion_refusal and delete_draft."""

    def has_delete_permission(self, request, obj=None):
        if obj is not None and services.deletion_refusal(obj, request.user) is not None:
            return False
        return super().has_delete_permission(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        issue = self.get_object(request, unquote(object_id))
        refusal = issue and services.deletion_refusal(issue, request.user)
        if refusal:
            raise PermissionDenied(refusal.messages[0])  # the 403 page shows the reason
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        services.delete_draft(obj, request.user)

    def delete_queryset(self, request, queryset):
        for issue in queryset:
            services.delete_draft(issue, request.user)

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        # A draft's history, versions and comments go with the draft, although
        # nobody may delete them on their own.
        for model in (IssueEvent, IssueVersion, ArticleComment):
            perms_needed.discard(model._meta.verbose_name)
        # The bulk "delete selected" action lists the issues the user may not
        # delete as protected, and so deletes nothing; the service would refuse anyway.
        refusals = ((issue, services.deletion_refusal(issue, request.user)) for issue in objs)
        refused = [f"{issue}: {refusal.messages[0]}" for issue, refusal in refusals if refusal]
        return deleted, model_count, perms_needed, [*protected, *refused]
