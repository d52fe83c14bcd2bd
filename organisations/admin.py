from django.contrib import admin
from django.db.models import Count
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.admin_history import TranslatedHistoryMixin
from core.admin_widgets import ValidAutocompleteAdminMixin
from organisations.models import Contact, DistributionList, Organisation, Recipient
from organisations.signals import forbidden_to_delete


class ContactInline(admin.TabularInline):
    model = Contact
    fields = ["name", "email", "phone", "receives_notices"]
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(TranslatedHistoryMixin, admin.ModelAdmin):
    inlines = [ContactInline]
    list_display = ["name", "short_name", "kind", "is_active", "sort_order"]
    list_editable = ["sort_order"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]

    def get_deleted_objects(self, objs, request):
        """Those another app forbids deleting are listed as protected: deactivate them.

        Such as an organisation named on a signed-off issue (issues.receivers).
        """
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        pks = [organisation.pk for organisation in objs]
        forbidden = forbidden_to_delete(Organisation.objects.filter(pk__in=pks))
        protected = [*protected, *(str(organisation) for organisation in forbidden)]
        return deleted, model_count, perms_needed, protected


class RecipientInline(ValidAutocompleteAdminMixin, admin.TabularInline):
    model = Recipient
    fields = ["position", "role", "organisation", "free_text"]
    autocomplete_fields = ["organisation"]
    extra = 1
    classes = ["orderable-inline"]


@admin.register(DistributionList)
class DistributionListAdmin(TranslatedHistoryMixin, admin.ModelAdmin):
    list_display = ["name", "recipient_count"]
    search_fields = ["name", "recipients__free_text", "recipients__organisation__name"]
    inlines = [RecipientInline]

    class Media:
        js = [reverse_lazy("javascript-catalog"), "issues/admin/orderable-inline.js"]
        css = {"all": ["issues/admin/orderable-inline.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(recipient_count=Count("recipients"))

    @admin.display(description=_("recipients"), ordering="recipient_count")
    def recipient_count(self, obj):
        return obj.recipient_count

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.recipients.renumber()
