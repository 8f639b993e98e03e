"""Schemathesis against our own OpenAPI schema: every operation, signed in with a token.

Each operation gets a bounded number of generated requests (valid ones and ones that break the
schema on purpose), sent in-process through the WSGI app to a populated database, as a member of
the lead organisation (approver, so reports can be written and approved) and as the coordinator.
A response fails when it is a server error, has an undocumented status code or content type, or
a body that breaks the documented schema. Each request runs in a savepoint that is rolled back, so
one request's writes never change what the next one sees and every run replays identically.

More examples locally: `SCHEMATHESIS_MAX_EXAMPLES=200 pytest tests/api -p no:randomly`.
"""

import functools
import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import load_all_checks

from tests.api.world import build_world, real_path_parameters

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "10"))

CONFIG = {
    "seed": 20261122,
    "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "deterministic": True},
}

FUZZ_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@functools.cache
def api_schema():
    """Our schema, generated once per test process (drf-spectacular takes seconds)."""
    config = schemathesis.config.SchemathesisConfig.from_dict(CONFIG)
    return schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=config)


@functools.cache
def checks():
    load_all_checks()
    return [
        schemathesis.checks.not_a_server_error,
        schemathesis.checks.status_code_conformance,
        schemathesis.checks.content_type_conformance,
        schemathesis.checks.response_schema_conformance,
    ]


def _strategy(operation, known_path_parameters):
    """Valid and invalid requests; most aim at existing objects, some at made-up ids (404s)."""
    strategies = [
        operation.as_strategy(GenerationMode.POSITIVE, path_parameters=known_path_parameters),
        operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=known_path_parameters),
    ]
    if known_path_parameters:
        strategies.append(operation.as_strategy(GenerationMode.POSITIVE))
    return st.one_of(strategies)


def _send(case, headers):
    """One request inside a savepoint that is always rolled back; raises on a failed check."""
    with transaction.atomic():
        try:
            response = case.call(headers=headers)
            case.validate_response(response, checks=checks(), headers=headers)
        finally:
            transaction.set_rollback(True)


def fuzz_every_operation(world, user) -> tuple[int, list[str]]:
    """Run every operation's examples as `user`; return the request count and the failures."""
    headers = {"Authorization": f"Token {world.token_for(user)}"}
    sent = 0
    failures = []
    for result in api_schema().get_all_operations():
        operation = result.ok()

        @FUZZ_SETTINGS
        @given(case=_strategy(operation, real_path_parameters(world, operation.path)))
        def run(case):
            nonlocal sent
            sent += 1
            _send(case, headers)

        try:
            run()
        except (KeyboardInterrupt, SystemExit):
            raise
        # Hypothesis raises schemathesis' failure groups (BaseExceptionGroup) and pytest outcomes;
        # collect every operation's failure, then report them together.
        except BaseException as error:
            failures.append(f"{operation.label}:\n{error}")
    return sent, failures


@pytest.fixture
def world(db):
    # Django's test client does the same: a request must not close the test's connection (with
    # CONN_MAX_AGE and health checks it would, and the savepoint around each request with it).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield build_world()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("role", ["member", "coordinator"])
def test_every_operation_answers_within_its_documented_schema(world, role):
    sent, failures = fuzz_every_operation(world, getattr(world, role))
    print(f"schemathesis: {sent} requests as {role}")
    assert not failures, f"{len(failures)} operations failed:\n\n" + "\n\n".join(failures)
