"""Data for the portal tests: published issues made directly, recipient accounts.

Imported by the tests/test_portal*.py modules; holds no tests itself.
"""

import datetime
import hashlib

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.utils import timezone

from issues.models import Article, Issue, IssueRecipient, OfficialCopy, Series
from organisations.models import Membership, Organisation, Role

Status = Issue.Status


def small_pdf(text: str) -> bytes:
    """A tiny PDF whose bytes differ per issue."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%" + text.encode() + b"\n%%EOF\n"
    )


def make_published_issue(
    series: Series,
    *,
    year: int = 2020,
    number: int = 1,
    cumulative_number: int | None = None,
    issue_date: datetime.date | None = None,
    status: str = Status.PUBLISHED,
    published_at: datetime.datetime | None = None,
    recipients: tuple[Organisation, ...] = (),
    articles: tuple[tuple, ...] = (),
    with_pdf: bool = True,
    pdf_signature: tuple[str, datetime.datetime, str] | None = None,
) -> Issue:
    """An issue as the workflow leaves it: numbered, recipients snapshot, official PDF.

    `articles` holds (headline, body html, organisations) triples. Made as a
    draft with its content, then moved to `status` through the one door the
    freeze leaves open (Issue.record_on_frozen_issue).
    """
    issue = Issue.objects.create(
        series=series,
        year=year,
        number=number,
        cumulative_number=cumulative_number or year * 100 + number,
        issue_date=issue_date or datetime.date(year, 1, 1) + datetime.timedelta(days=number * 7),
    )
    for position, (headline, body, organisations) in enumerate(articles, start=1):
        article = Article.objects.create(
            issue=issue, position=position, headline=headline, body=body
        )
        article.organisations.set(organisations)
    for position, organisation in enumerate(recipients, start=1):
        IssueRecipient.objects.create(
            issue=issue,
            role=Role.REPORT if position == 1 else Role.SEND,
            organisation=organisation,
            name=organisation.name,
            position=position,
        )
    fields = ["status"]
    if with_pdf:
        pdf = small_pdf(f"{series.slug}-{year}-{number}")
        copy = OfficialCopy(
            issue=issue,
            format="pdf",
            sha256=hashlib.sha256(pdf).hexdigest(),
            size=len(pdf),
            made_at=timezone.now(),
        )
        if pdf_signature:  # as signed: (signer, signed_at, certificate SHA-256)
            copy.signer, copy.signed_at, copy.certificate_sha256 = pdf_signature
        copy.file.save(f"{series.slug}-{year}-{number}.pdf", ContentFile(pdf), save=False)
        copy.save()
    issue.status = status
    if status in (Status.PUBLISHED, Status.REVOKED):
        issue.published_at = published_at or timezone.now() - datetime.timedelta(hours=1)
        fields.append("published_at")
    if status == Status.REVOKED:
        issue.revoked_at = timezone.now()
        issue.revoke_reason = "重复印发"
        fields += ["revoked_at", "revoke_reason"]
    issue.record_on_frozen_issue(*fields)
    return issue


def make_recipient(username: str, organisation: Organisation, **fields) -> User:
    fields.setdefault("email", f"{username}@example.org")
    user = User.objects.create_user(username, password="pw-收件-2020", **fields)
    Membership.objects.create(user=user, organisation=organisation)
    return user


@pytest.fixture
def bureau(db):
    return Organisation.objects.create(name="上海市邮政管理局", short_name="上海局")


@pytest.fixture
def association(db):
    return Organisation.objects.create(name="上海市快递行业协会", short_name="快递协会")


@pytest.fixture
def outsider_organisation(db):
    return Organisation.objects.create(name="浙江省邮政管理局", short_name="浙江局")


@pytest.fixture
def restricted_series(db):
    return Series.objects.create(
        title="上海市快递行业 精神文明创建工作简报",
        slug="wenming",
        compiling_office="上海市快递行业精神文明创建办公室",
    )


@pytest.fixture
def public_series(db):
    return Series.objects.create(
        title="上海邮政业 公开简报",
        slug="gongkai",
        compiling_office="上海市邮政管理局办公室",
        is_public=True,
    )


@pytest.fixture
def recipient(bureau):
    return make_recipient("bureau-reader", bureau)


@pytest.fixture
def other_recipient(outsider_organisation):
    return make_recipient("outsider-reader", outsider_organisation)


@pytest.fixture
def staff(db):
    return User.objects.create_user("office-staff", password="pw", is_staff=True)


@pytest.fixture
def restricted_issue(restricted_series, bureau, association):
    return make_published_issue(
        restricted_series,
        year=2020,
        number=26,
        cumulative_number=289,
        issue_date=datetime.date(2020, 7, 20),
        recipients=(bureau, association),
        articles=(
            ("上海市邮政管理局荣获先进单位", "<p>近日，上海市交通委予以表彰。</p>", (bureau,)),
            ("奉献点滴爱心 助力脱贫攻坚", "<p>爱心校服漂流活动。</p>", (association,)),
        ),
    )


def issue_path(issue: Issue, suffix: str = "") -> str:
    return f"/{issue.series.slug}/{issue.year}/{issue.number}/{suffix}"


def feed_path(series: Series) -> str:
    return f"/{series.slug}/feed/"
