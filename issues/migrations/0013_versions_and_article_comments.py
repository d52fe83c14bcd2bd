# The versions and the approvers' comments, until now the reviews app's models:
# their tables were renamed by reviews.0002, so only Django's state changes here.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    """Keep the content types (and so the permissions given to groups) of the moved models."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    moved = ContentType.objects.filter(
        app_label="reviews", model__in=["issueversion", "articlecomment"]
    )
    for content_type in moved:
        taken = ContentType.objects.filter(app_label="issues", model=content_type.model)
        if not taken.exists():
            content_type.app_label = "issues"
            content_type.save(update_fields=["app_label"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("issues", "0012_official_pdf_signature"),
        ("reviews", "0002_versions_kept_by_issues"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="IssueVersion",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("saved", "Saved"), ("imported", "Articles imported from Word"), ("submitted", "Submitted for review"), ("returned", "Returned for changes"), ("taken_back", "Taken back to draft by an approver"), ("signed_off", "Signed off")], max_length=20, verbose_name="step")),
                        ("issue", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="versions", to="issues.issue", verbose_name="issue")),
                        ("revision", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="issue_version", to="reversion.revision", verbose_name="revision")),
                    ],
                    options={
                        "verbose_name": "version",
                        "verbose_name_plural": "versions",
                        "ordering": ["issue", "-pk"],
                        "indexes": [models.Index(fields=["issue", "-id"], name="issue_version_latest")],
                    },
                ),
                migrations.CreateModel(
                    name="ArticleComment",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("headline", models.CharField(max_length=200, verbose_name="headline")),
                        ("passage", models.TextField(blank=True, verbose_name="passage")),
                        ("text", models.TextField(verbose_name="comment")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="made at")),
                        ("resolved_at", models.DateTimeField(blank=True, null=True, verbose_name="resolved at")),
                        ("article", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="comments", to="issues.article", verbose_name="article")),
                        ("author", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="author")),
                        ("issue", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="article_comments", to="issues.issue", verbose_name="issue")),
                        ("resolved_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="resolved by")),
                        ("version", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="comments", to="issues.issueversion", verbose_name="version commented on")),
                    ],
                    options={
                        "verbose_name": "comment on an article",
                        "verbose_name_plural": "comments on articles",
                        "ordering": ["issue", "created_at", "pk"],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
