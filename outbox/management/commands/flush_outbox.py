"""manage.py flush_outbox: send the background jobs the broker could not take when asked."""

from django.core.management.base import BaseCommand

from outbox.services import flush


class Command(BaseCommand):
    help = (
        "Publish the outbox's unsent background jobs (notifications, reindexing) to the broker, "
        "oldest first, stopping at the first failure. Beat does this every minute; run it by hand "
        "after a broker outage to catch up at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=5000)

    def handle(self, *args, limit, **options):
        report = flush(limit=max(limit, 1))
        style = self.style.SUCCESS if not report.left else self.style.WARNING
        self.stdout.write(style(f"Outbox: {report.sent} jobs sent, {report.left} waiting."))
