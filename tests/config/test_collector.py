"""The web process collects garbage after a response is sent, not while a visitor waits."""

import gc

import pytest
from django.core.signals import request_finished, request_started

from config import collector


@pytest.fixture
def between_requests():
    before = gc.get_threshold()
    installed = collector.collect_between_requests()
    yield installed
    request_finished.disconnect(dispatch_uid="config.collector")
    gc.unfreeze()
    gc.set_threshold(*before)


@pytest.mark.django_db
def test_pages_are_not_interrupted_by_the_collector_and_it_runs_after_each_response(
    client, between_requests
):
    state = {"in_request": False}
    collections = []

    def started(**kwargs):
        state["in_request"] = True

    def finished(**kwargs):  # connected before the collector's receiver, so it runs first
        state["in_request"] = False

    def watch(phase, info):
        if phase == "start":
            collections.append((info["generation"], state["in_request"]))

    request_started.connect(started)
    # Connected after the collector in the fixture, so move the collector behind it.
    request_finished.disconnect(dispatch_uid="config.collector")
    request_finished.connect(finished)
    request_finished.connect(between_requests, dispatch_uid="config.collector")
    gc.callbacks.append(watch)
    try:
        for _ in range(collector.MIDDLE_EVERY):
            assert client.get("/healthz").status_code == 200
            client.get("/piloter/")
    finally:
        gc.callbacks.remove(watch)
        request_started.disconnect(started)
        request_finished.disconnect(finished)

    assert collections, "the collector never ran"
    assert not [c for c in collections if c[1]], "a collection stalled a request"
    generations = [generation for generation, _ in collections]
    assert generations.count(0) >= collector.MIDDLE_EVERY  # one after nearly every response
    assert 1 in generations  # and the middle generation after every tenth


def test_what_start_up_loaded_is_never_scanned_again(between_requests):
    assert gc.get_freeze_count() > 10_000
    assert gc.get_threshold()[0] == collector.IN_REQUEST_THRESHOLD
