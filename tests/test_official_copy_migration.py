"""issues.0014: the six pdf_* columns of Issue become OfficialCopy rows, and back again.

Runs on the suite's database, SQLite or PostgreSQL alike (DATABASE_URL=postgres://…
runs it there): PostgreSQL refuses to alter issues_issue while the new rows'
foreign key checks are pending, which the migration settles.
"""

import datetime
import hashlib
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone, translation

from issues import selectors
from signatures.signing import sign_official_pdf
from signatures.verification import signed_pdf_problem
from tests.portal_fixtures import small_pdf

BEFORE = [("issues", "0013_versions_and_article_comments")]
AFTER = [("issues", "0014_official_copies")]

pytestmark = pytest.mark.django_db(transaction=True)


def migrate_to(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def at_0013():
    """The database as it was before 0014; migrated back to the latest state afterwards."""
    apps = migrate_to(BEFORE)
    yield apps
    migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes())


def stored(name: str, data: bytes) -> str:
    return default_storage.save(name, ContentFile(data))


def make_old_issues(apps, signed_pdf: bytes, signature) -> dict[str, int]:
    """A signed-off issue with a signature, a published and a revoked one, a draft with no PDF."""
    Issue = apps.get_model("issues", "Issue")
    Series = apps.get_model("issues", "Series")
    series = Series.objects.create(title="迁移 测试简报", slug="migration", compiling_office="办")
    signed_off_at = timezone.now() - datetime.timedelta(days=3)
    published_at = timezone.now() - datetime.timedelta(days=2)
    issues = {}
    for number, (key, status, pdf) in enumerate(
        [
            ("signed", "signed_off", signed_pdf),
            ("published", "published", small_pdf("published")),
            ("revoked", "revoked", small_pdf("revoked")),
        ],
        start=1,
    ):
        fields = {"signed_off_at": signed_off_at} if key == "signed" else {}
        if status != "signed_off":
            fields["published_at"] = published_at
        if key == "signed":
            fields.update(
                pdf_signer=signature.signer,
                pdf_signed_at=signature.signed_at,
                pdf_certificate_sha256=signature.certificate_sha256,
            )
        issue = Issue.objects.create(
            series=series,
            year=2025,
            number=number,
            cumulative_number=100 + number,
            issue_date=datetime.date(2025, 3, number),
            status=status,
            pdf_file=stored(f"issues/pdf/2025/迁移-2025年第{number}期.pdf", pdf),
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            pdf_size=len(pdf),
            **fields,
        )
        issues[key] = issue.pk
    issues["draft"] = Issue.objects.create(series=series, issue_date=datetime.date(2025, 4, 1)).pk
    return issues


OLD_COLUMNS = (
    "pdf_file",
    "pdf_sha256",
    "pdf_size",
    "pdf_signer",
    "pdf_signed_at",
    "pdf_certificate_sha256",
)


def old_values(apps) -> dict[int, tuple]:
    Issue = apps.get_model("issues", "Issue")
    return {
        row[0]: (str(row[1]), *row[2:])
        for row in Issue.objects.exclude(pdf_file="").values_list("pk", *OLD_COLUMNS)
    }


def old_verify_report(apps) -> dict[str, list]:
    """What verify_pdfs found before 0014, issue by issue: the hash, then the signature."""
    Issue = apps.get_model("issues", "Issue")
    report = {}
    for issue in Issue.objects.exclude(pdf_file="").order_by("pk"):
        with default_storage.open(issue.pdf_file.name, "rb") as file:
            data = file.read()
        problems = []
        if len(data) != issue.pdf_size or hashlib.sha256(data).hexdigest() != issue.pdf_sha256:
            problems.append("altered")
        if issue.pdf_signed_at:
            problems.append(signed_pdf_problem(data, issue.pdf_certificate_sha256))
        report[issue.pdf_file.name] = [bool(issue.pdf_signed_at), *problems]
    return report


def test_the_official_pdfs_become_copies_with_exactly_their_values_and_back(
    at_0013, signing_configured
):
    from weasyprint import HTML

    signed_pdf, signature = sign_official_pdf(
        HTML(string="<p lang=zh>简报</p>").write_pdf(pdf_variant="pdf/a-2b")
    )
    assert signature.signed_at is not None
    issues = make_old_issues(at_0013, signed_pdf, signature)
    before = old_values(at_0013)
    assert set(before) == {issues["signed"], issues["published"], issues["revoked"]}
    report_before = old_verify_report(at_0013)
    assert report_before[before[issues["signed"]][0]] == [True, None]  # signed and intact

    apps = migrate_to(AFTER)
    OfficialCopy = apps.get_model("issues", "OfficialCopy")
    Issue = apps.get_model("issues", "Issue")
    assert not {f.name for f in Issue._meta.get_fields()} & set(OLD_COLUMNS)
    copies = {copy.issue_id: copy for copy in OfficialCopy.objects.all()}
    assert set(copies) == set(before)  # the draft got none
    for issue_id, copy in copies.items():
        assert copy.format == "pdf"
        assert (
            copy.file.name,
            copy.sha256,
            copy.size,
            copy.signer,
            copy.signed_at,
            copy.certificate_sha256,
        ) == before[issue_id]
        issue = Issue.objects.get(pk=issue_id)
        assert copy.made_at == (issue.signed_off_at or issue.published_at)

    # verify_pdfs, now reading the copies, finds what it found in the columns.
    migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes())
    report_after = {}
    for copy in selectors.official_copies():
        problems = []
        if selectors.official_copy_problem(copy):
            problems.append("altered")
        if copy.is_signed:
            problems.append(selectors.official_copy_signature_problem(copy))
        report_after[copy.file.name] = [copy.is_signed, *problems]
    assert report_after == report_before
    out = StringIO()
    with translation.override("en"):
        call_command("verify_pdfs", stdout=out)
    assert "All 3 official PDFs are intact." in out.getvalue()
    assert "1 of them carries a valid digital signature" in out.getvalue()

    # And back: the columns hold the same values again.
    apps = migrate_to(BEFORE)
    assert old_values(apps) == before
    with pytest.raises(LookupError):
        apps.get_model("issues", "OfficialCopy")
