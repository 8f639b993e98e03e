"""Fixtures of the `production` tier: tests that run like production (see docs/operations.md).

Every test here gets the `production` marker and runs on PostgreSQL without a wrapping
transaction (pytest-django's transactional database), against the stack in stack.py: gunicorn
with the production settings (DEBUG off, secure cookies, CSRF checked, HTTPS via
X-Forwarded-Proto), a private redis-server and a Celery worker process. The stack starts once per
test session (about half a minute, mostly collectstatic) and stops at its end; the database, the
cache and the mail folder are emptied between tests.

Skipped, with the reason, when DATABASE_URL is not PostgreSQL or redis-server is missing; with
REQUIRE_PRODUCTION_TESTS=1 (`make test-production`, `.ci/run`) that is an error instead, so CI
cannot pass with the tier silently skipped.
"""

import io
import os
import shutil
import signal
import time
from pathlib import Path

import pytest
import redis
import requests
from django.conf import global_settings
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import OperationalError, connection

from tests.browser.conftest import HOME_INTRO, browser  # noqa: F401  (a fixture)
from tests.outbox.redis_worker import RedisServer, free_port, redis_available
from tests.production import stack

HERE = Path(__file__).resolve().parent
REQUIRED = os.environ.get("REQUIRE_PRODUCTION_TESTS", "").lower() in {"1", "true", "yes"}


def _missing() -> str:
    if connection.vendor != "postgresql":
        return "the production tier needs PostgreSQL: set DATABASE_URL=postgres://…"
    if not redis_available():
        return "the production tier needs redis-server on PATH"
    if not stack.GUNICORN.exists():
        return "the production tier needs gunicorn in the virtualenv (make install)"
    return ""


def pytest_collection_modifyitems(config, items):
    ours = [item for item in items if Path(str(item.fspath)).resolve().is_relative_to(HERE)]
    reason = _missing() if ours else ""
    if reason and REQUIRED:
        raise pytest.UsageError(f"REQUIRE_PRODUCTION_TESTS is set, but {reason}")
    # Tests on pytest-django's transactional database first: their flush gives the content types
    # new ids, which the stack (started by the first test that uses it) must not see later.
    flushing = [item for item in ours if "transactional_db" in getattr(item, "fixturenames", ())]
    if flushing:
        first = items.index(ours[0])
        rest = [item for item in ours if item not in flushing]
        items[:] = (
            [i for i in items[:first] if i not in ours]
            + flushing
            + rest
            + [i for i in items[first:] if i not in ours]
        )
    for item in ours:
        item.add_marker(pytest.mark.production)
        # One xdist worker takes the whole tier (make test runs --dist loadgroup): one stack.
        item.add_marker(pytest.mark.xdist_group("production"))
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, django_db_keepdb):
    """pytest-django creates the test database only when a collected test asks for `db` or
    `transactional_db`; the stack tests manage the database themselves (see `live`), so a run of
    them alone (`-k`) creates it here."""
    if connection.settings_dict["NAME"].startswith("test_"):
        yield
        return
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        created = setup_databases(
            verbosity=0, interactive=False, keepdb=django_db_keepdb, aliases={"default"}
        )
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(created, verbosity=0)


@pytest.fixture(scope="session")
def production_stack(django_db_setup, django_db_blocker, tmp_path_factory):
    """gunicorn + redis-server + Celery worker on the test database, for the whole session."""
    folder = tmp_path_factory.mktemp("production")
    server = RedisServer()
    server.start()
    port = free_port()
    env = stack.production_environment(
        database=stack.database_url(connection.settings_dict),
        redis_port=server.port,
        folder=folder,
        port=port,
    )
    started = []
    try:
        stack.manage(env, "collectstatic", "--no-input", "-v0")
        started.append(stack.start_gunicorn(env, port, folder / "gunicorn.log"))
        started.append(stack.start_worker(env, folder / "worker.log"))
        yield Stack(
            url=f"http://127.0.0.1:{port}",
            env=env,
            folder=folder,
            redis=server,
            gunicorn=started[0],
            worker=started[1],
        )
    finally:
        for process in reversed(started):
            process.stop()
        server.kill()
        _close_other_connections(django_db_blocker)


def _close_other_connections(django_db_blocker) -> None:
    """A gunicorn worker or Celery pool child that is still exiting can hold a connection for a
    moment after its parent stopped; the session's teardown must still drop the test database."""
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        for _ in range(50):
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if not cursor.fetchall():
                return
            time.sleep(0.2)


class Stack:
    def __init__(self, *, url, env, folder, redis, gunicorn, worker):
        self.url = url
        self.env = env
        self.folder = folder
        self.mail_folder = folder / "mail"
        self.redis = redis
        self.gunicorn = gunicorn
        self.worker = worker
        self.content_types = None

    def reload_if_content_types_changed(self) -> None:
        """Another test's flush between two of ours gave the content types new ids: start fresh
        gunicorn workers (HUP) and a fresh Celery worker, so no process keeps the old ids."""
        from django.contrib.contenttypes.models import ContentType

        current = sorted(ContentType.objects.values_list("pk", "app_label", "model"))
        if self.content_types is not None and current != self.content_types:
            self.gunicorn.popen.send_signal(signal.SIGHUP)
            time.sleep(5)
            self.gunicorn.wait_for(self._healthy, timeout=120, what="answering after a reload")
            self.worker.stop()
            self.worker = stack.start_worker(self.env, self.folder / "worker-2.log")
        self.content_types = current

    def _healthy(self) -> bool:
        try:
            return requests.get(self.url + "/healthz", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def session(self) -> stack.ProxiedSession:
        return stack.ProxiedSession(self.url)

    def mail(self) -> list:
        return stack.read_mail(self.mail_folder)

    def wait_for_mail(self, condition, **kwargs):
        return stack.wait_for_mail(self.mail_folder, condition, **kwargs)


@pytest.fixture
def live(production_stack, django_db_blocker, settings):
    """The stack with a fresh database (reference data, home page, groups), an empty cache and no
    mail yet. The test itself runs without a wrapping transaction, like the servers.

    Passwords set in the test are hashed as production hashes them (the test settings' fast MD5
    hasher is not one the server accepts)."""
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    redis.Redis(port=production_stack.redis.port, db=1).flushdb()
    shutil.rmtree(production_stack.mail_folder, ignore_errors=True)
    with django_db_blocker.unblock():
        empty_database()
        production_stack.reload_if_content_types_changed()
        _portal_data()
        yield production_stack
        empty_database()
    for process in (production_stack.gunicorn, production_stack.worker):
        assert process.popen.poll() is None, f"{process.name} died:\n{process.output()[-4000:]}"


def empty_database() -> None:
    """What pytest-django's flush does between transactional tests, except that content types and
    permissions keep their rows and ids: the servers cache content types by id for their whole
    life, and a flush would give the re-created rows new ids (an audit write would then fail)."""
    from django.core.management.sql import emit_post_migrate_signal

    kept = {"django_content_type", "auth_permission", "django_migrations"}
    tables = connection.introspection.django_table_names(include_views=False)
    emptied = ", ".join(connection.ops.quote_name(t) for t in tables if t not in kept)
    # The worker may still be finishing a job the test queued (an e-mail, a reindex): its row
    # locks and TRUNCATE's table locks can meet in the other order, and PostgreSQL then cancels
    # one side as a deadlock. The job retries by itself; the emptying tries again likewise.
    for attempt in range(10):
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"TRUNCATE {emptied} CASCADE")
            break
        except OperationalError:
            if attempt == 9:
                raise
            time.sleep(0.5)
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)


def _portal_data() -> None:
    """The reference data, home page and site the migrations create (as tests/browser has it)."""
    from wagtail.models import Locale, Page, Site

    from cms.models import HomePage
    from partners.groups import ensure_coordinator_group

    call_command("load_reference_data", stdout=io.StringIO())
    Locale.objects.get_or_create(language_code=django_settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(
        instance=HomePage(title="Preventionsportalen", slug="hem", intro=HOME_INTRO)
    )
    Site.objects.create(
        hostname="localhost", root_page=home, is_default_site=True, site_name="Preventionsportalen"
    )
    ensure_coordinator_group()


@pytest.fixture
def prod_page(browser, live):  # noqa: F811
    """A browser page on the production stack, its requests passed on as the TLS proxy would.

    Chromium talks plain HTTP to gunicorn; every request gets `X-Forwarded-Proto: https`. Its
    Origin header says http:// (Chromium does not let a test rewrite it), which is why the stack
    trusts this one origin (CSRF_TRUSTED_ORIGINS, see stack.py); the token check stays. Chromium
    keeps Secure cookies for 127.0.0.1, a secure context."""
    from tests.browser.helpers import assert_no_csp_violations, new_page

    page = new_page(browser, live.url)
    page.context.set_extra_http_headers({"X-Forwarded-Proto": "https"})
    yield page
    page.context.close()
    assert_no_csp_violations(page)


def pytest_terminal_summary(terminalreporter):
    ran = [
        report
        for report in terminalreporter.stats.get("passed", [])
        if "tests/production/" in report.nodeid
    ]
    if ran:
        terminalreporter.write_line(f"production tier: {len(ran)} tests passed")
