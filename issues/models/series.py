"""The bulletin titles the office publishes."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.models import DistributionList


class Series(models.Model):
    """One bulletin title the office publishes; numbering runs per series."""

    title = models.CharField(
        _("title"),
        max_length=200,
        unique=True,
        help_text=_(
            "As printed in the masthead. A space marks where the title may break onto a "
            "second line, e.g. 上海市快递行业 精神文明创建工作简报."
        ),
    )
    slug = models.SlugField(
        _("short code"),
        max_length=50,
        unique=True,
        help_text=_("Latin letters, digits and hyphens; used in web addresses."),
    )
    compiling_office = models.CharField(
        _("compiling office"),
        max_length=200,
        help_text=_(
            "The office that compiles the bulletin, e.g. 上海市快递行业精神文明创建办公室."
        ),
    )
    default_distribution_list = models.ForeignKey(
        DistributionList,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("default distribution list"),
        help_text=_("Pre-filled on every new issue of this series."),
    )
    marks = models.CharField(
        _("marks"),
        max_length=100,
        blank=True,
        help_text=_(
            "Printed at the top left of page 1, e.g. 内部资料 注意保存. Separate marks with spaces."
        ),
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "Public series can be read by anyone in the archive; restricted ones only by "
            "the recipients on each issue's distribution list."
        ),
    )
    attach_pdf_to_notices = models.BooleanField(
        _("attach the PDF to notices"),
        default=False,
        help_text=_(
            "The e-mail telling recipients of a new issue carries the official PDF; "
            "otherwise only the link to it."
        ),
    )
    receipt_on_reading = models.BooleanField(
        _("reading online counts as receipt"),
        default=True,
        help_text=_(
            "Opening the issue in the portal counts as 签收, as downloading it does; "
            "otherwise recipients acknowledge it with the 签收 button."
        ),
    )
    cumulative_number_start = models.PositiveIntegerField(
        _("cumulative number reached before this system"),
        default=0,
        help_text=_(
            "The 总第 number of the last issue made before this system; the first issue "
            "signed off here gets the next number. It can be corrected only until the "
            "first issue of the series has been numbered."
        ),
    )

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.pk is None:
            return
        stored_start = (
            Series.objects.filter(pk=self.pk)
            .values_list("cumulative_number_start", flat=True)
            .first()
        )
        if stored_start != self.cumulative_number_start and self.issues.numbered().exists():
            raise ValidationError(
                {
                    "cumulative_number_start": _(
                        "Issues of this series have already been numbered from this start; "
                        "it can no longer be changed."
                    )
                }
            )

    @property
    def compiler_line(self) -> str:
        return f"{self.compiling_office}编"

    @property
    def title_lines(self) -> list[str]:
        return self.title.split()
