"""Articles of an issue, the organisations they come from, and their images."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from core.positions import PositionedQuerySet
from issues.editor import article_body_field
from issues.exceptions import IssueFrozenError
from issues.images import validate_article_image
from issues.models.issue import FROZEN_MESSAGE, FreezeGuardedQuerySet, Issue, IssueQuerySet
from issues.sanitizer import sanitize_body
from organisations.models import Organisation


class ArticleQuerySet(FreezeGuardedQuerySet, PositionedQuerySet):
    pass


class Article(models.Model):
    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="articles", verbose_name=_("issue")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    headline = models.CharField(_("headline"), max_length=200)
    subheadline = models.CharField(
        _("subheadline"),
        max_length=200,
        blank=True,
        help_text=_("A second headline line, printed under the headline."),
    )
    organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="articles",
        verbose_name=_("contributing organisations"),
    )
    body = article_body_field(_("body"), blank=True)
    byline = models.CharField(
        _("byline"),
        max_length=200,
        blank=True,
        help_text=_("The author or authors, printed under the headline, e.g. 王某 李某."),
    )
    editor_note = models.TextField(
        _("editor's note"),
        blank=True,
        help_text=_("编者按: printed in 楷体 after the headline, before the body."),
    )
    source = models.CharField(
        _("source line"),
        max_length=200,
        blank=True,
        help_text=_("Optional; printed under the headline, e.g. the contributing unit or author."),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["issue", "position", "pk"]
        indexes = [models.Index(fields=["issue", "position"])]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        # Sanitise on every save, not only in forms: importers and the shell
        # must not be able to store what the editor could not.
        self.body = sanitize_body(self.body)
        Issue.objects.filter(pk=self.issue_id).refuse_if_frozen()
        if self._state.adding and not self.position:
            self.position = self.issue.articles.next_position()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        Issue.objects.filter(pk=self.issue_id).refuse_if_frozen()
        return super().delete(*args, **kwargs)

    def clean(self):
        super().clean()
        limit = settings.BULLETIN_ARTICLE_MAX_CHARACTERS
        if len(strip_tags(self.body or "")) > limit:
            raise ValidationError(
                {
                    "body": _(
                        "The body has more than %(limit)s characters, more than one article "
                        "may hold; split it into several articles."
                    )
                    % {"limit": f"{limit:,}"}
                }
            )


@receiver(m2m_changed, sender=Article.organisations.through)
def _refuse_organisation_changes_of_frozen_articles(
    sender, instance, action, reverse, pk_set, **kwargs
):
    if not action.startswith("pre_"):
        return
    if isinstance(instance, Article):
        articles = Article.objects.filter(pk=instance.pk)
    elif pk_set is not None:
        articles = Article.objects.filter(pk__in=pk_set)
    else:
        articles = instance.articles.all()
    articles.refuse_if_frozen()


class ArticleOrganisationQuerySet(FreezeGuardedQuerySet):
    """The through table's rows, written past the related managers.

    Django sends no save or delete signals for an automatic through model, so
    its manager itself refuses rows of frozen articles. (Deleting an
    organisation named on a frozen issue is refused by Organisation itself.)
    """

    issue_prefix = "article__issue__"

    def issues_of(self, objs) -> "IssueQuerySet":
        return Issue.objects.filter(articles__in={obj.article_id for obj in objs})

    def create(self, **kwargs):
        row = self.model(**kwargs)
        if self.issues_of([row]).filter(status__in=Issue.FROZEN_STATUSES).exists():
            raise IssueFrozenError(FROZEN_MESSAGE)
        return super().create(**kwargs)


_article_organisations = Article.organisations.through
_article_organisations._meta.local_managers.clear()
_article_organisations.add_to_class("objects", ArticleOrganisationQuerySet.as_manager())


class ArticleImageQuerySet(FreezeGuardedQuerySet):
    issue_prefix = "article__issue__"

    def issues_of(self, objs) -> IssueQuerySet:
        return Issue.objects.filter(articles__in={obj.article_id for obj in objs})


class ArticleImage(models.Model):
    """An image file shown in an article's body, e.g. one embedded in an imported Word file."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="images", verbose_name=_("article")
    )
    file = models.FileField(
        _("file"), upload_to="issues/images/%Y/%m/", validators=[validate_article_image]
    )

    objects = ArticleImageQuerySet.as_manager()

    class Meta:
        verbose_name = _("article image")
        verbose_name_plural = _("article images")
        ordering = ["article", "pk"]

    def __str__(self):
        return self.file.name

    def save(self, *args, **kwargs):
        Issue.objects.filter(articles=self.article_id).refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        Issue.objects.filter(articles=self.article_id).refuse_if_frozen()
        return super().delete(*args, **kwargs)
