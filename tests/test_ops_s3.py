"""Files in S3-compatible object storage (STORAGE_BACKEND=s3), against moto's server mode."""

import hashlib
import logging

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core import archive
from issues import services
from issues.models import Issue
from organisations.models import DistributionList, Recipient, Role
from tests.portal_fixtures import issue_path, make_recipient

boto3 = pytest.importorskip("boto3", reason="boto3 is not installed (pip install -e .[dev])")
moto_server = pytest.importorskip(
    "moto.server", reason="moto's server is not installed (pip install 'moto[server]')"
)

BUCKET = "bulletin-office-test"


@pytest.fixture(scope="module")
def s3_endpoint():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint, settings, monkeypatch):
    """The settings STORAGE_BACKEND=s3 makes, against a fresh bucket; yields a boto3 client."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "default_acl": "private",
                "querystring_auth": False,
                "file_overwrite": False,
            },
        },
    }
    yield client
    for stored in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=stored["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_sign_off_stores_the_pdf_in_the_bucket_and_the_portal_serves_it(
    s3, settings, client, series, make_issue, editor, approver, bureau, caplog
):
    distribution_list = DistributionList.objects.create(name="S3 名单")
    Recipient.objects.create(
        distribution_list=distribution_list, role=Role.REPORT, organisation=bureau, position=1
    )
    issue = make_issue(articles=1, distribution_list=distribution_list)
    with caplog.at_level(logging.INFO, logger="issues.pdf"):
        issue = services.sign_off(services.submit(issue, editor), approver)
    (rendered,) = [r for r in caplog.records if r.name == "issues.pdf"]
    assert rendered.pk == issue.pk and rendered.duration_ms > 0

    pdf = issue.official_pdf
    stored = s3.get_object(Bucket=BUCKET, Key=pdf.file.name)["Body"].read()
    assert stored.startswith(b"%PDF-")
    assert hashlib.sha256(stored).hexdigest() == pdf.sha256
    grants = s3.get_object_acl(Bucket=BUCKET, Key=pdf.file.name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner only
    assert not settings.MEDIA_ROOT.exists()

    services.publish(issue, approver)
    client.force_login(make_recipient("reader-s3", bureau))
    response = client.get(issue_path(issue, "pdf/"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored
    assert Issue.objects.get(pk=issue.pk).receipts.count() == 1


def test_health_and_backup_see_the_bucket(s3, client, db):
    assert client.get("/healthz").json() == {"status": "ok"}
    default_storage.save("issues/pdf/2020/a.pdf", ContentFile(b"%PDF a"))
    default_storage.save("images/2020/b.png", ContentFile(b"png"))
    assert list(archive.stored_files(default_storage)) == [
        "images/2020/b.png",
        "issues/pdf/2020/a.pdf",
    ]


def test_a_second_file_of_the_same_name_does_not_replace_the_first(s3, db):
    first = default_storage.save("issues/pdf/2026/x.pdf", ContentFile(b"first"))
    second = default_storage.save("issues/pdf/2026/x.pdf", ContentFile(b"second"))
    assert first != second
    assert default_storage.open(first).read() == b"first"
