from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.positions import PositionedQuerySet
from organisations.signals import deleting


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def delete(self):
        deleting.send(sender=self.model, organisations=self)
        return super().delete()

    delete.queryset_only = True

    def matching_name(self, name: str):
        """Organisations whose full or short name is exactly `name`, full name first."""
        return self.filter(Q(name=name) | Q(short_name=name)).order_by(
            models.Case(models.When(name=name, then=0), default=1)
        )


class Organisation(models.Model):
    class Kind(models.TextChoices):
        REGULATOR = "regulator", _("Regulator")
        POSTAL_COMPANY = "postal", _("Postal company")
        EXPRESS_COMPANY = "express", _("Express company")
        COMMITTEE = "committee", _("Committee or office")
        OTHER = "other", _("Other")

    name = models.CharField(_("full name"), max_length=200, unique=True)
    short_name = models.CharField(
        _("short name"),
        max_length=60,
        blank=True,
        help_text=_("The name used in headlines and lists, e.g. 上海局."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive organisations stay in old issues but are not offered for new ones."),
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def delete(self, *args, **kwargs):
        deleting.send(sender=Organisation, organisations=Organisation.objects.filter(pk=self.pk))
        return super().delete(*args, **kwargs)


class ContactQuerySet(models.QuerySet):
    def receiving_notices(self):
        return self.filter(receives_notices=True).exclude(email="")


class Contact(models.Model):
    """A person at an organisation whom the office writes to: notices, reminders."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    receives_notices = models.BooleanField(
        _("receives notices"),
        default=True,
        help_text=_("E-mailed when an issue is published for the organisation, and reminded."),
    )

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["organisation", "pk"]

    def __str__(self):
        return self.name


class DistributionList(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("distribution list")
        verbose_name_plural = _("distribution lists")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    """The rows of the distribution block, in the order they are printed."""

    REPORT = "report", _("报 (report to)")
    SEND = "send", _("送 (send to)")
    ISSUE = "issue", _("发 (issue to)")

    @classmethod
    def print_order(cls):
        return [cls.REPORT, cls.SEND, cls.ISSUE]


class RecipientQuerySet(PositionedQuerySet):
    def in_print_order(self):
        role_rank = models.Case(
            *(models.When(role=role, then=rank) for rank, role in enumerate(Role.print_order())),
            output_field=models.IntegerField(),
        )
        return self.alias(role_rank=role_rank).order_by("role_rank", "position", "pk")


class Recipient(models.Model):
    """One line of a distribution list: a known organisation or a free-text name."""

    distribution_list = models.ForeignKey(
        DistributionList,
        on_delete=models.CASCADE,
        related_name="recipients",
        verbose_name=_("distribution list"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.SEND)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recipient_entries",
        verbose_name=_("organisation"),
    )
    free_text = models.CharField(
        _("free-text name"),
        max_length=200,
        blank=True,
        help_text=_("For recipients that are not one organisation, e.g. 各快递企业."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = RecipientQuerySet.as_manager()

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                name="recipient_is_organisation_or_free_text",
                condition=(
                    (Q(organisation__isnull=False) & Q(free_text=""))
                    | (Q(organisation__isnull=True) & ~Q(free_text=""))
                ),
                violation_error_message=_(
                    "Choose an organisation or type a name, not both and not neither."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.display_name}"

    @property
    def display_name(self) -> str:
        return self.organisation.name if self.organisation_id else self.free_text


class Membership(models.Model):
    """A recipient account belongs to one organisation and reads what that organisation receives."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )

    class Meta:
        verbose_name = _("recipient account")
        verbose_name_plural = _("recipient accounts")

    def __str__(self):
        return f"{self.user} ({self.organisation})"
