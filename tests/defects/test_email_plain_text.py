"""E-mail subjects and bodies are plain text: a title with quotes, < > and & arrives as typed
(subjects said `&quot;` and `&lt;`: Django's HTML autoescaping applied to text templates)."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from partners.notifications import render_plain_text, send_templated_email
from pilots.models import ReportStatus
from pilots.tasks import notify_report_decided
from tests.pilots.report_helpers import make_pilot, save

pytestmark = pytest.mark.django_db

TITLE = "\"Frukost\" för <äldre> & 'andra'"
SOME_DAY = date(2025, 3, 31)
ESCAPES = ("&quot;", "&lt;", "&gt;", "&amp;", "&#x27;", "&#39;")


class Anything:
    """Stands for every object an e-mail template reads: any attribute, call, item or loop
    gives another one, and each prints as the title."""

    def __str__(self):
        return TITLE

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        if name in ("pk", "id") or name.endswith("_id"):  # for {% url %}
            return 1
        if hasattr(SOME_DAY, name):  # so that |date:"j F Y" has a date to format
            return getattr(SOME_DAY, name)
        return Anything()

    def __getitem__(self, key):
        if isinstance(key, str):  # the template engine then looks for an attribute
            raise KeyError(key)
        return Anything()

    def __call__(self, *args, **kwargs):
        return Anything()

    def __iter__(self):  # two, so that {% for report, path in reports %} unpacks too
        return iter([Anything(), Anything()])

    def __len__(self):
        return 2


class EverythingContext(dict):
    """A template context in which every name is defined (as Anything)."""

    def __contains__(self, key):
        return True

    def __missing__(self, key):
        return Anything()


def _email_templates() -> list[str]:
    """Every `<name>_subject.txt` under an `email/` template folder, as a template name."""
    names = []
    for subject in settings.ROOT_DIR.glob("**/templates/**/email/*_subject.txt"):
        if ".venv" in subject.parts:
            continue
        parts = subject.parts
        relative = Path(*parts[len(parts) - parts[::-1].index("templates") :])
        names.append(str(relative).removesuffix("_subject.txt"))
    return sorted(names)


def test_every_email_of_the_portal_is_found():
    assert len(_email_templates()) >= 12


@pytest.mark.parametrize("template", _email_templates())
def test_each_email_renders_user_text_as_typed(template):
    context = EverythingContext()
    subject = render_plain_text(f"{template}_subject.txt", context)
    body = render_plain_text(f"{template}_body.txt", context)
    for text in (subject, body):
        assert not any(escape in text for escape in ESCAPES), text
    assert TITLE in subject + body


def test_a_sent_subject_and_body_are_plain_text():
    sent = send_templated_email(
        template="pilots/email/report_decided",
        context={"report": Anything(), "pilot": {"title": TITLE}, "period": {"label": "2025 K1"}},
        recipients=["a@example.se"],
    )
    assert sent == 1
    assert mail.outbox[0].subject == f"Rapporten för {TITLE}, 2025 K1 har returnerats"


def test_an_approved_reports_notice_names_the_pilot_as_typed(organisation, reporter, approver):
    from pilots.services import report_approve, report_submit

    pilot = make_pilot(organisation, title=TITLE)
    period = pilot.periods.order_by("start").first()
    report = save(period, reporter)
    report = report_submit(report=report, actor=reporter, expected_version=report.version)
    report = report_approve(report=report, actor=approver, expected_version=report.version)
    assert report.status == ReportStatus.APPROVED
    mail.outbox.clear()
    assert notify_report_decided(report.pk)
    message = mail.outbox[0]
    assert TITLE in message.subject
    assert TITLE in message.body
    assert not any(escape in message.subject + message.body for escape in ESCAPES)
