"""The ORM's back doors into a signed-off issue: bulk creation, the through table, cascades.

The attack test found each of these open; the portal then disagreed with the official PDF.
"""

import pytest
from django.db.models import ProtectedError

from issues.exceptions import IssueFrozenError
from issues.models import Article, ArticleImage, Issue, IssueEvent, IssueRecipient
from organisations.models import Organisation, Role
from tests.test_freeze import refused

pytestmark = pytest.mark.usefixtures("fake_pdf")


@pytest.fixture
def published(make_issue, move_issue_to):
    issue = make_issue()
    organisation = Organisation.objects.create(name="上海市邮政管理局")
    issue.articles.first().organisations.add(organisation)
    return move_issue_to(issue, Issue.Status.PUBLISHED)


def test_bulk_created_articles_recipients_and_images_are_refused(published):
    article = published.articles.first()
    with refused():
        Article.objects.bulk_create([Article(issue=published, position=9, headline="插入")])
    with refused():
        IssueRecipient.objects.bulk_create(
            [IssueRecipient(issue=published, role=Role.SEND, name="某单位", position=9)]
        )
    with refused():
        ArticleImage.objects.bulk_create([ArticleImage(article=article, file="x.png")])
    assert published.articles.count() == 2
    assert not ArticleImage.objects.exists()


def test_bulk_creation_for_drafts_still_works(make_issue):
    draft = make_issue(articles=0)
    Article.objects.bulk_create([Article(issue=draft, position=1, headline="一")])
    assert draft.articles.count() == 1


def test_the_through_table_cannot_name_or_unname_organisations(published):
    through = Article.organisations.through
    article = published.articles.last()
    other = Organisation.objects.create(name="上海市快递行业协会")
    with refused():
        through.objects.create(article=article, organisation=other)
    with refused():
        through.objects.bulk_create([through(article=article, organisation=other)])
    with refused():
        through._default_manager.create(article=article, organisation=other)
    with refused():
        through.objects.filter(article__issue=published).delete()
    assert through.objects.filter(article__issue=published).count() == 1


def test_an_organisation_named_on_a_frozen_issue_cannot_be_deleted(published):
    organisation = Organisation.objects.get(name="上海市邮政管理局")
    with pytest.raises(ProtectedError, match="停用"):
        organisation.delete()
    with pytest.raises(ProtectedError):
        Organisation.objects.filter(pk=organisation.pk).delete()
    assert published.articles.first().organisations.get() == organisation
    Organisation.objects.create(name="无关单位").delete()  # others still can be


def test_an_organisation_on_a_frozen_recipient_line_cannot_be_deleted(make_issue, move_issue_to):
    organisation = Organisation.objects.create(name="国家邮政局")
    issue = make_issue()
    issue.distribution_list.recipients.create(role=Role.SEND, organisation=organisation, position=9)
    move_issue_to(issue, Issue.Status.SIGNED_OFF)
    with pytest.raises(ProtectedError):
        organisation.delete()


def test_the_admin_lists_such_an_organisation_as_protected(published, client, superuser):
    organisation = Organisation.objects.get(name="上海市邮政管理局")
    client.force_login(superuser)
    url = f"/admin/organisations/organisation/{organisation.pk}/delete/"
    page = client.get(url)
    assert "上海市邮政管理局" in page.context["protected"]
    client.post(url, {"post": "yes"})
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_the_event_log_is_append_only(published):
    event = published.events.first()
    with pytest.raises(IssueFrozenError):
        IssueEvent.objects.filter(issue=published).delete()
    with pytest.raises(IssueFrozenError):
        IssueEvent.objects.filter(pk=event.pk).update(comment="改写")
    with pytest.raises(IssueFrozenError):
        event.delete()
    event.comment = "改写"
    with pytest.raises(IssueFrozenError):
        event.save()
    assert published.events.count() == 3
    assert not IssueEvent.objects.filter(comment="改写").exists()
