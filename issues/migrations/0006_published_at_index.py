from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("issues", "0005_article_image"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="issue",
            index=models.Index(fields=["published_at"], name="issue_published_at"),
        ),
    ]
