"""RSS 2.0 and Atom feeds parse and list the updates; subscriptions are double opt-in and every
published update is mailed to each subscriber once, even when the task is retried."""

import xml.etree.ElementTree as ET
from datetime import date
from unittest import mock

import pytest
from django.core import mail

from cms.models import UpdateSubscription
from cms.tasks import send_update_to_subscribers
from tests.cms import helpers

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def updates():
    return [
        helpers.update(slug="forsta", title="Första nyheten", when=date(2025, 1, 10)),
        helpers.update(slug="andra", title="Andra nyheten", when=date(2025, 2, 10)),
    ]


def test_rss_feed_is_valid_rss_2_with_the_updates_newest_first(client, updates):
    response = client.get("/nyheter/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel.findtext("title").startswith("Nyheter")
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Andra nyheten", "Första nyheten"]
    assert items[0].findtext("link").endswith("/nyheter/andra/")
    assert items[0].findtext("pubDate")
    assert items[0].findtext("guid") == f"preventionsportalen-update-{updates[1].pk}"


def test_atom_feed_is_valid_atom_with_the_updates(client, updates):
    response = client.get("/nyheter/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Andra nyheten", "Första nyheten"]
    assert all(e.findtext(f"{ATOM}updated") and e.findtext(f"{ATOM}id") for e in entries)
    assert entries[0].find(f"{ATOM}author").findtext(f"{ATOM}name") == "Karin"


def test_feeds_leave_out_drafts(client, updates):
    updates[0].unpublish()
    root = ET.fromstring(client.get("/nyheter/rss/").content)
    assert [i.findtext("title") for i in root.iter("item")] == ["Andra nyheten"]


def _confirmed(email):
    return UpdateSubscription.objects.create(email=email, confirmed_at="2025-01-01T00:00:00Z")


def test_subscribing_needs_confirmation_by_link(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/prenumerera/", {"email": "Lisa@Example.se"})
    assert response.status_code == 200
    subscription = UpdateSubscription.objects.get()
    assert subscription.email == "lisa@example.se" and not subscription.is_confirmed
    assert len(mail.outbox) == 1
    link = f"/prenumerera/bekrafta/{subscription.token}/"
    assert link in mail.outbox[0].body
    assert client.get(link).status_code == 200  # a page with a button, nothing confirmed yet
    subscription.refresh_from_db()
    assert not subscription.is_confirmed
    client.post(link)
    subscription.refresh_from_db()
    assert subscription.is_confirmed


def test_bad_email_gets_a_form_error(client):
    response = client.post("/prenumerera/", {"email": "inte-en-adress"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not UpdateSubscription.objects.exists()


def test_unsubscribe_link_deletes_the_address(client):
    subscription = _confirmed("per@example.se")
    url = f"/prenumerera/avsluta/{subscription.token}/"
    assert "per@example.se" in client.get(url).content.decode()
    client.post(url)
    assert not UpdateSubscription.objects.exists()
    assert client.get(url).status_code == 404


def test_publishing_an_update_mails_confirmed_subscribers_once(django_capture_on_commit_callbacks):
    _confirmed("a@example.se")
    UpdateSubscription.objects.create(email="pending@example.se")
    with django_capture_on_commit_callbacks(execute=True):
        update = helpers.update(title="Viktig nyhet")
    assert [m.to for m in mail.outbox] == [["a@example.se"]]
    assert "Viktig nyhet" in mail.outbox[0].subject
    assert "/prenumerera/avsluta/" in mail.outbox[0].body
    # Publishing an edit, or running the task again, sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        update.save_revision().publish()
    send_update_to_subscribers(update.pk)
    assert len(mail.outbox) == 1


def test_a_retry_after_a_failure_sends_only_to_those_not_yet_reached():
    update = helpers.update()
    for email in ("a@example.se", "b@example.se", "c@example.se"):
        _confirmed(email)
    mail.outbox.clear()
    real_send = mail.send_mail
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("SMTP connection lost")
        return real_send(*args, **kwargs)

    with mock.patch("partners.notifications.send_mail", side_effect=flaky):
        with pytest.raises(OSError):
            send_update_to_subscribers.run(update.pk)  # .run: the body, without Celery's retry
        assert [m.to for m in mail.outbox] == [["a@example.se"]]
        assert send_update_to_subscribers.run(update.pk) == 2  # the retry
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.se", "b@example.se", "c@example.se"]
    assert send_update_to_subscribers.run(update.pk) == 0


def test_unpublished_or_missing_updates_are_not_sent():
    _confirmed("a@example.se")
    update = helpers.update()
    mail.outbox.clear()
    update.unpublish()
    assert send_update_to_subscribers.run(update.pk) == 0
    assert send_update_to_subscribers.run(999999) == 0
    assert mail.outbox == []
