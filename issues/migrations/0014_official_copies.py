# The official copy as a record of its own: Issue's six pdf_* columns become
# one OfficialCopy(format="pdf") per issue that has a stored PDF. The stored
# files keep their names (issues/pdf/<year>/…): nothing moves.
#
# Made with `makemigrations issues --name official_copies` (its operations
# only), then ordered by hand: create the table, copy the values, drop the
# columns; and back again.

import django.db.models.deletion
import django.utils.timezone
import issues.models.copies
from django.db import migrations, models

PDF_FIELDS = {
    # OfficialCopy field: the Issue column it comes from
    "file": "pdf_file",
    "sha256": "pdf_sha256",
    "size": "pdf_size",
    "signer": "pdf_signer",
    "signed_at": "pdf_signed_at",
    "certificate_sha256": "pdf_certificate_sha256",
}


def _check_constraints_now(schema_editor):
    # PostgreSQL checks the new rows' foreign keys at commit; ALTER TABLE of
    # issues_issue in the same transaction refuses while those checks are pending.
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def copies_from_issues(apps, schema_editor):
    Issue = apps.get_model("issues", "Issue")
    OfficialCopy = apps.get_model("issues", "OfficialCopy")
    now = django.utils.timezone.now()
    copies = [
        OfficialCopy(
            issue_id=issue.pk,
            format="pdf",
            file=issue.pdf_file.name,
            sha256=issue.pdf_sha256,
            size=issue.pdf_size or 0,
            signer=issue.pdf_signer,
            signed_at=issue.pdf_signed_at,
            certificate_sha256=issue.pdf_certificate_sha256,
            made_at=issue.signed_off_at or issue.published_at or now,
        )
        for issue in Issue.objects.exclude(pdf_file="").order_by("pk").iterator()
    ]
    OfficialCopy.objects.bulk_create(copies, batch_size=500)
    _check_constraints_now(schema_editor)


def issues_from_copies(apps, schema_editor):
    Issue = apps.get_model("issues", "Issue")
    OfficialCopy = apps.get_model("issues", "OfficialCopy")
    for copy in OfficialCopy.objects.filter(format="pdf").order_by("pk").iterator():
        Issue.objects.filter(pk=copy.issue_id).update(
            **{column: getattr(copy, field) for field, column in PDF_FIELDS.items()}
        )
    _check_constraints_now(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('issues', '0013_versions_and_article_comments'),
    ]

    operations = [
        migrations.CreateModel(
            name='OfficialCopy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('format', models.CharField(editable=False, help_text='The code of the format in the registry of official copies, such as “pdf”.', max_length=20, verbose_name='format')),
                ('file', models.FileField(editable=False, max_length=255, upload_to=issues.models.copies.official_copy_upload_to, verbose_name='file')),
                ('sha256', models.CharField(editable=False, max_length=64, verbose_name='SHA-256')),
                ('size', models.PositiveBigIntegerField(editable=False, verbose_name='size in bytes')),
                ('signer', models.CharField(blank=True, editable=False, max_length=200, verbose_name='signed by')),
                ('signed_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='signed at')),
                ('certificate_sha256', models.CharField(blank=True, editable=False, help_text='The fingerprint of the certificate the copy was signed with.', max_length=64, verbose_name='signing certificate SHA-256')),
                ('made_at', models.DateTimeField(editable=False, verbose_name='made at')),
                ('issue', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='official_copies', to='issues.issue', verbose_name='issue')),
            ],
            options={
                'verbose_name': 'official copy',
                'verbose_name_plural': 'official copies',
                'ordering': ['issue', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('issue', 'format'), name='one_official_copy_per_format', violation_error_message='This issue has an official copy in this format.')],
            },
        ),
        migrations.RunPython(copies_from_issues, issues_from_copies),
        migrations.RemoveField(
            model_name='issue',
            name='pdf_certificate_sha256',
        ),
        migrations.RemoveField(
            model_name='issue',
            name='pdf_file',
        ),
        migrations.RemoveField(
            model_name='issue',
            name='pdf_sha256',
        ),
        migrations.RemoveField(
            model_name='issue',
            name='pdf_signed_at',
        ),
        migrations.RemoveField(
            model_name='issue',
            name='pdf_signer',
        ),
        migrations.RemoveField(
            model_name='issue',
            name='pdf_size',
        ),
    ]
