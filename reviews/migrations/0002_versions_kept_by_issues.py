# The versions and the approvers' comments are kept by the issues app, whose
# workflow records them (issues.versions); their tables and rows go with them.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_versions_and_article_comments"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable("issueversion", "issues_issueversion"),
                migrations.AlterModelTable("articlecomment", "issues_articlecomment"),
            ],
            state_operations=[
                migrations.DeleteModel("ArticleComment"),
                migrations.DeleteModel("IssueVersion"),
            ],
        ),
    ]
