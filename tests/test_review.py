"""Trustworthy review, in the services: content frozen in review, four-eyes, versions, locks."""

import pytest
from django.db import transaction

from issues import services, versions
from issues.exceptions import (
    ContentInReview,
    EditConflict,
    WorkflowError,
    WorkflowPermissionDenied,
)
from issues.models import Article, ArticleComment, Issue, IssueVersion
from reviews.selectors import changes_since_review
from tests.test_import_docx import simple_report, word_file

pytestmark = pytest.mark.django_db


def kinds(issue) -> list[str]:
    """The issue's versions, oldest first."""
    return list(issue.versions.order_by("pk").values_list("kind", flat=True))


def edit(issue, user, **changes):
    """Change the first article through the content service, as the admin does."""
    article = issue.articles.order_by("position").first()

    def write():
        for name, value in changes.items():
            setattr(article, name, value)
        article.save()

    return services.save_content(issue, user, write)


@pytest.fixture
def in_review(make_issue, editor):
    return services.submit(make_issue(), editor)


class TestContentIsFrozenInReview:
    """Every way of changing an issue's content is refused while it is in review."""

    def write_paths(self, issue, user):
        first, second = issue.articles.order_by("position")
        return {
            "save_content (admin form and inlines)": lambda: edit(issue, user, headline="改"),
            "reorder_articles": lambda: services.reorder_articles(
                issue, user, [second.pk, first.pk]
            ),
            "add_article": lambda: services.add_article(
                issue, user, headline="新稿", body="<p>正文</p>"
            ),
            "import_word_articles": lambda: services.import_word_articles(
                issue, user, [word_file(simple_report())]
            ),
        }

    @pytest.mark.parametrize("who", ["editor", "approver", "superuser"])
    def test_every_write_path_is_refused(self, request, in_review, who):
        user = request.getfixturevalue(who)
        before = versions.state_of_issue(in_review)
        for path, write in self.write_paths(in_review, user).items():
            with pytest.raises(ContentInReview), transaction.atomic():
                write()
            assert versions.state_of_issue(in_review) == before, path
        assert kinds(in_review) == ["submitted"]

    def test_the_same_paths_work_on_a_draft(self, make_issue, editor):
        draft = make_issue()
        for write in self.write_paths(draft, editor).values():
            write()
        assert draft.articles.count() == 4
        assert kinds(draft) == ["saved", "saved", "saved", "imported"]

    def test_a_role_without_change_permission_is_refused(self, make_issue, staff_without_role):
        with pytest.raises(WorkflowPermissionDenied):
            edit(make_issue(), staff_without_role, headline="改")


class TestFourEyes:
    def test_the_approver_who_takes_back_and_edits_cannot_sign_off(
        self, in_review, approver, other_approver, fake_pdf
    ):
        services.take_back(in_review, approver, "第二篇标题要改")
        assert in_review.status == Issue.Status.DRAFT
        edit(in_review, approver, headline="改过的标题")
        services.submit(in_review, approver)
        with pytest.raises(WorkflowPermissionDenied, match="双人审核"):
            services.sign_off(in_review, approver)
        services.sign_off(in_review, other_approver)
        assert in_review.status == Issue.Status.SIGNED_OFF

    def test_taking_back_alone_makes_the_approver_an_author(self, in_review, approver, editor):
        services.take_back(in_review, approver, "我来改")
        services.submit(in_review, editor)
        with pytest.raises(WorkflowPermissionDenied):
            services.sign_off(in_review, approver)

    def test_an_approver_who_changed_a_draft_cannot_sign_it_off(self, make_issue, editor, approver):
        draft = make_issue()
        edit(draft, approver, body="<p>签发人改写的正文。</p>")
        services.submit(draft, editor)
        with pytest.raises(WorkflowPermissionDenied):
            services.sign_off(draft, approver)

    def test_taking_back_needs_a_reason_and_the_approver_role(self, in_review, editor, approver):
        with pytest.raises(WorkflowError):
            services.take_back(in_review, approver, "  ")
        with pytest.raises(WorkflowPermissionDenied):
            services.take_back(in_review, editor, "我想改")
        assert Issue.objects.get(pk=in_review.pk).status == Issue.Status.IN_REVIEW

    def test_an_approver_who_only_returned_may_sign_off_the_next_round(
        self, in_review, editor, approver, fake_pdf
    ):
        services.return_to_draft(in_review, approver, "请补充")
        edit(in_review, editor, body="<p>补充后的正文。</p>")
        services.submit(in_review, editor)
        services.sign_off(in_review, approver)
        assert in_review.status == Issue.Status.SIGNED_OFF


class TestVersions:
    def test_a_version_for_every_step_and_every_change(
        self, make_issue, editor, approver, fake_pdf
    ):
        issue = make_issue()
        edit(issue, editor, headline="第一稿")
        services.import_word_articles(issue, editor, [word_file(simple_report())])
        services.submit(issue, editor)
        services.return_to_draft(issue, approver, "改")
        edit(issue, editor, headline="第二稿")
        services.submit(issue, editor)
        services.sign_off(issue, approver)
        assert kinds(issue) == [
            "saved",
            "imported",
            "submitted",
            "returned",
            "saved",
            "submitted",
            "signed_off",
        ]
        latest = issue.versions.select_related("revision__user").order_by("-pk")
        assert latest[0].user == approver
        assert latest[1].user == editor

    def test_a_submission_is_a_version_even_when_nothing_changed(self, in_review, editor, approver):
        services.withdraw(in_review, editor)
        services.submit(in_review, editor)
        assert kinds(in_review) == ["submitted", "submitted"]

    def test_a_save_that_changes_nothing_adds_no_version(self, make_issue, editor):
        issue = make_issue()
        edit(issue, editor, headline="新标题")
        edit(issue, editor, headline="新标题")
        assert kinds(issue) == ["saved"]

    def test_a_version_holds_articles_order_organisations_and_recipients(self, make_issue, editor):
        issue = make_issue()
        first, second = issue.articles.order_by("position")
        services.reorder_articles(issue, editor, [second.pk, first.pk])
        state = versions.state_of_version(versions.latest_version(issue))
        assert [a.headline for a in state.articles] == ["第2篇", "第1篇"]
        assert state.recipients[0].endswith("上海市精神文明建设委员会")
        assert state == versions.state_of_issue(issue)

    def test_the_word_import_is_all_or_nothing_and_one_version(self, make_issue, editor):
        issue = make_issue()
        files = [word_file(simple_report()), word_file(simple_report(headline="第二份"))]
        services.import_word_articles(issue, editor, files)
        assert issue.articles.count() == 4
        assert kinds(issue) == ["imported"]


class TestOptimisticLock:
    def test_a_change_based_on_an_outdated_version_is_refused_naming_who_and_when(
        self, make_issue, editor, other_editor
    ):
        issue = make_issue()
        opened = versions.version_token(issue)
        edit(issue, other_editor, subheadline="副标题")
        with pytest.raises(EditConflict, match="editor2"):
            services.save_content(issue, editor, lambda: None, based_on_version=opened)
        assert issue.articles.order_by("position").first().subheadline == "副标题"

    def test_a_change_based_on_the_latest_version_goes_through(self, make_issue, editor):
        issue = make_issue()
        edit(issue, editor, headline="甲")
        services.save_content(
            issue, editor, lambda: None, based_on_version=versions.version_token(issue)
        )


class TestComments:
    def test_comments_are_kept_with_the_returned_version_and_resolved_by_the_editor(
        self, in_review, editor, approver
    ):
        article = in_review.articles.order_by("position").first()
        services.return_to_draft(
            in_review,
            approver,
            "见各篇意见",
            [services.ArticleRemark(article.pk, "数字要核实", passage="第1篇的正文")],
        )
        comment = ArticleComment.objects.get()
        assert comment.version.kind == IssueVersion.Kind.RETURNED
        assert (comment.article, comment.passage, comment.author) == (
            article,
            "第1篇的正文",
            approver,
        )
        services.resolve_article_comment(comment, editor)
        comment.refresh_from_db()
        assert comment.is_resolved and comment.resolved_by == editor

    def test_a_comment_on_another_issues_article_is_refused(self, in_review, make_issue, approver):
        stranger = make_issue().articles.first()
        with pytest.raises(WorkflowError):
            services.return_to_draft(
                in_review, approver, "改", [services.ArticleRemark(stranger.pk, "这篇")]
            )
        assert Issue.objects.get(pk=in_review.pk).status == Issue.Status.IN_REVIEW


class TestChangesSinceReview:
    def test_the_first_review_has_nothing_to_compare_with(self, in_review):
        assert changes_since_review(in_review).changes is None

    def test_after_a_return_the_changes_are_marked_article_by_article(
        self, in_review, editor, approver
    ):
        services.return_to_draft(in_review, approver, "改")
        second = in_review.articles.get(position=2)
        edit(in_review, editor, body="<p>第1篇的正文。新增一句话。</p>")
        services.add_article(in_review, editor, headline="第3篇", body="<p>新稿件。</p>")
        Article.objects.filter(pk=second.pk).delete()
        services.submit(in_review, editor)
        review = changes_since_review(in_review)
        assert review.baseline.kind == IssueVersion.Kind.RETURNED
        statuses = [(a.headline, a.status) for a in review.changes.changed_articles]
        assert statuses == [("第1篇", "changed"), ("第2篇", "removed"), ("第3篇", "added")]
        assert "<ins>新增一句话。</ins>" in review.changes.articles[0].body


class TestDeletion:
    def test_only_drafts_by_their_editors_and_administrators(
        self, make_issue, editor, other_editor, approver, superuser
    ):
        draft = make_issue()
        assert services.deletion_refusal(draft, other_editor) is not None
        assert services.deletion_refusal(draft, approver) is not None
        assert services.deletion_refusal(draft, editor) is None
        assert services.deletion_refusal(draft, superuser) is None
        services.submit(draft, editor)
        assert services.deletion_refusal(draft, editor) is not None
        assert services.deletion_refusal(draft, superuser) is not None
        with pytest.raises(WorkflowPermissionDenied):
            services.delete_draft(draft, editor)

    def test_deleting_a_draft_takes_its_versions(self, make_issue, editor):
        draft = make_issue()
        edit(draft, editor, headline="改")
        services.delete_draft(draft, editor)
        assert not Issue.objects.exists()
        assert not IssueVersion.objects.exists()


def test_a_version_of_an_issue_without_distribution_list_or_articles(make_issue, editor):
    issue = make_issue(articles=0, distribution_list=None)
    services.save_content(issue, editor, lambda: None)
    state = versions.state_of_version(versions.latest_version(issue))
    assert state == versions.state_of_issue(issue)
    assert (state.recipients, state.articles) == ((), ())
