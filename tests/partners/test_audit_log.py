"""The coordinator's audit log: who changed what, when, across organisations."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.groups import EDITOR_GROUP, ensure_cms_groups_and_workflow
from partners.audit import audit_record
from partners.factories import OrganisationFactory, UserFactory
from partners.models import AuditEvent, Kommun
from pilots.factories import PilotFactory
from tests.cms import helpers

pytestmark = pytest.mark.django_db

LOG = "/admin/partners/audit/"
CSV = "/admin/partners/audit/csv/"


def _at(event, when):
    AuditEvent.objects.filter(pk=event.pk).update(created_at=when)


@pytest.fixture
def history(organisation, other_organisation, reporter, approver, other_member):
    """Events from two organisations: a pilot registered and changed, a report approved, an
    organisation approved, and a pilot that has since been deleted."""
    pilot = PilotFactory(lead_organisation=organisation, title="Frukost för äldre")
    gone = PilotFactory(lead_organisation=other_organisation, title="Nedlagd pilot")
    events = {
        "created": audit_record(
            actor=reporter, action="pilot.created", obj=pilot, organisation=organisation
        ),
        "updated": audit_record(
            actor=reporter,
            action="pilot.updated",
            obj=pilot,
            organisation=organisation,
            changes={"title": ["Frukost", "Frukost för äldre"]},
        ),
        "approved": audit_record(
            actor=approver,
            action="report.approved",
            obj=pilot,
            organisation=organisation,
            message="Bra rapport",
        ),
        "other": audit_record(
            actor=other_member, action="pilot.created", obj=gone, organisation=other_organisation
        ),
    }
    gone.delete()
    _at(events["created"], timezone.make_aware(dt.datetime(2025, 3, 1, 10, 0)))
    _at(events["updated"], timezone.make_aware(dt.datetime(2025, 3, 2, 23, 30)))
    _at(events["approved"], timezone.make_aware(dt.datetime(2025, 3, 5, 9, 15)))
    _at(events["other"], timezone.make_aware(dt.datetime(2025, 3, 3, 12, 0)))
    return pilot, events


@pytest.fixture
def editor(db):
    """A CMS editor: has Wagtail admin access, but is not the coordinator."""
    ensure_cms_groups_and_workflow()
    user = UserFactory()
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    return user


@pytest.mark.parametrize("url", [LOG, CSV, "inspect"])
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("reporter", 302),
        ("approver", 302),
        ("org_admin", 302),
        ("editor", 403),
        ("coordinator", 200),
    ],
)
def test_only_the_coordinator_reads_the_log(as_role, role, expected, url, history):
    _pilot, events = history
    if url == "inspect":
        url = f"{LOG}inspect/{events['approved'].pk}/"
    client, _ = as_role(role)
    response = client.get(url)
    # Without Wagtail admin access Wagtail itself sends people away (login or dashboard);
    # with it, only the coordinator gets in.
    assert response.status_code == expected
    if expected != 200:
        assert b"Frukost" not in b"".join(getattr(response, "streaming_content", [b""]))
        assert b"Frukost" not in getattr(response, "content", b"")


def test_rows_say_who_what_and_when_newest_first(client, coordinator, history, reporter):
    pilot, _events = history
    client.force_login(coordinator)
    html = client.get(LOG).content.decode()
    # Newest first, in local time.
    assert html.index("2025-03-05 09:15") < html.index("2025-03-03 12:00")
    assert html.index("2025-03-03 12:00") < html.index("2025-03-02 23:30")
    assert "godkände en periodrapport" in html and "Periodrapporter" in html
    assert reporter.email in html and "Testkommunens förvaltning" in html
    # A link to the object where it still exists, a note where it does not.
    assert f'href="{pilot.get_absolute_url()}"' in html
    assert "Nedlagd pilot" in html and "finns inte längre" in html
    # The changed field, before → after, under the field's own name.
    assert "Titel: Frukost → Frukost för äldre" in html
    assert "Bra rapport" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"organisation": "other"}, {"other"}),
        ({"actor": "APPROVER_EMAIL"}, {"approved"}),
        ({"action": "pilot.created"}, {"created", "other"}),
        ({"action": "area:report"}, {"approved"}),
        ({"action": "area:pilot"}, {"created", "updated", "other"}),
        ({"date_from": "2025-03-02", "date_to": "2025-03-03"}, {"updated", "other"}),
        ({"q": "nedlagd"}, {"other"}),
        ({"q": "bra rapport"}, {"approved"}),
        ({"object_type": "PILOT_TYPE", "q": "frukost"}, {"created", "updated", "approved"}),
    ],
)
def test_filters_and_search(
    client, coordinator, history, other_organisation, approver, query, expected
):
    _pilot, events = history
    replacements = {
        "other": str(other_organisation.pk),
        "APPROVER_EMAIL": approver.email.upper(),
        "PILOT_TYPE": str(ContentType.objects.get(app_label="pilots", model="pilot").pk),
    }
    query = {k: replacements.get(v, v) for k, v in query.items()}
    client.force_login(coordinator)
    response = client.get(LOG, query)
    assert response.status_code == 200
    shown = {e.pk for e in response.context["page"].object_list}
    assert shown == {events[name].pk for name in expected}


def test_a_reversed_date_range_is_a_clear_error(client, coordinator, history):
    client.force_login(coordinator)
    response = client.get(LOG, {"date_from": "2025-03-05", "date_to": "2025-03-01"})
    assert response.status_code == 400
    assert "Slutdatum kan inte vara före startdatum." in response.content.decode()


def test_csv_exports_the_filtered_set(client, coordinator, history, organisation):
    audit_record(
        actor=coordinator,
        action="organisation.updated",
        obj=organisation,
        organisation=organisation,
        message="=HYPERLINK(1)",
    )
    client.force_login(coordinator)
    response = client.get(CSV, {"organisation": organisation.pk})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == ["Tidpunkt", "Namn", "E-post", "Organisation", "Händelse"]
    assert len(rows) == 1 + 4  # the other organisation's event is filtered out
    actions = [row[5] for row in rows[1:]]
    assert actions == ["organisation.updated", "report.approved", "pilot.updated", "pilot.created"]
    assert rows[1][-1] == "'=HYPERLINK(1)"  # a formula is never run by a spreadsheet
    assert "2025-03-05 09:15:00" in text


def _queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(LOG).status_code == 200
    return len(ctx)


def test_query_count_does_not_grow_with_the_log(client, coordinator, organisation, reporter):
    client.force_login(coordinator)

    def add(n):
        for i in range(n):
            org = OrganisationFactory()
            pilot = PilotFactory(lead_organisation=org)
            audit_record(actor=reporter, action="pilot.updated", obj=pilot, organisation=org)
            audit_record(actor=reporter, action="organisation.updated", obj=org, organisation=org)
            audit_record(actor=None, action="reference_data.updated", obj=Kommun.objects.all()[i])

    add(3)
    small = _queries(client)
    add(20)
    assert _queries(client) == small


def test_page_publication_is_in_the_log(coordinator):
    goal = helpers.goal()
    goal.save_revision(user=coordinator).publish(user=coordinator)
    event = AuditEvent.objects.filter(action="cms.page_published").latest("pk")
    assert event.actor == coordinator and event.object_id == str(goal.pk)
    goal.unpublish(user=coordinator)
    assert AuditEvent.objects.filter(action="cms.page_unpublished", actor=coordinator).exists()


def test_reference_data_edits_in_the_admin_are_audited(client, coordinator):
    kommun = Kommun.objects.get(code="0180")
    client.force_login(coordinator)
    data = {
        "name": kommun.name,
        "region": kommun.region_id,
        "skr_group": kommun.skr_group,
        "population": 1000001,
        "population_year": kommun.population_year or 2024,
    }
    response = client.post(f"/admin/partners/kommuner/edit/{kommun.pk}/", data)
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="reference_data.updated")
    assert event.actor == coordinator
    assert event.changes["population"][1] == 1000001
