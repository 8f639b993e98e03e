"""The newest-first index in NULLS FIRST order is dropped: every search orders by published_at
DESC NULLS LAST (searchdoc_newest_nl, 0003), so no query read it (0 scans at national scale),
and every document write updated it — one index fewer for a full reindex to rewrite."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0006_searchdocument_content_hash")]

    operations = [
        migrations.RemoveIndex(model_name="searchdocument", name="searchdoc_newest"),
    ]
