"""The permission matrix: every URL pattern × every role, with the expected outcome asserted.

For each pattern (tests/security/matrix.py classifies them) and role:
- GET succeeds for the roles in the case's `read` set; others are refused (the anonymous are
  sent to the login page, signed-in users get 403/404/405);
- unsafe methods (POST; and PUT/PATCH/DELETE where a DRF route maps them) from every role outside
  the `write` set are refused and change nothing in the database;
- no response of any status, to any role, contains a private marker the role may not see
  (tests/security/world.py), so lists, search, feeds and API pages are checked for leaks too.
"""

import io
import json
import zipfile

import pytest
from django.apps import apps
from django.db import connection
from django.urls import resolve

from tests.security.matrix import classify
from tests.security.urls import build_path, url_patterns
from tests.security.world import ROLES, SECRETS

PATTERNS = url_patterns()
REFUSED = {403, 404, 405}
REFUSED_WRITE = REFUSED | {400, 401}
UNSAFE = ("post", "put", "patch", "delete")
# Tables whose rows change on any request or login, not through the URL under test.
VOLATILE_APPS = {"sessions", "axes", "otp_static", "otp_totp", "contenttypes", "admin"}


def _cases():
    for pattern in PATTERNS:
        for index, case in enumerate(classify(pattern.route, pattern.name) or ()):
            label = case.label or str(index)
            yield pytest.param(pattern, case, id=f"{pattern.id} [{label}]")


@pytest.mark.parametrize(("pattern", "case"), list(_cases()))
def test_url_matrix(pattern, case, world, clients):
    if case.fresh_clients:
        clients = {role: _fresh_client(world, role) for role in ROLES}
    path = case.path(world) if case.path else build_path(pattern, case.kwargs(world))
    resolved = resolve(path.split("?")[0]).route.replace("^", "")
    assert resolved == pattern.route.replace("^", ""), f"{path} resolves elsewhere"
    url = f"{path}?{case.query}" if case.query else path
    problems = []
    for role in ROLES:
        response = clients[role].get(url)
        problems += _check_read(role, case, response)
        problems += _leaks(role, response, "GET")
    methods = _unsafe_methods(pattern)
    writers = case.write or frozenset()
    if methods:
        for role in ROLES:
            if role in writers:
                continue
            for method in methods:
                response = _send(clients[role], method, url, pattern, case.payload(world))
                problems += _check_write(role, case, method, response)
                problems += _leaks(role, response, method.upper())
        changed = _changed_tables(world)
        if changed:
            problems.append(
                "an unauthorised write changed the database: "
                + ", ".join(changed)
                + "; "
                + _who_wrote(world, clients, pattern, case, url, methods, writers)
            )
    assert not problems, f"{url}:\n" + "\n".join(problems)


def _fresh_client(world, role):
    from tests.security.conftest import _client

    return _client(world.users.get(role))


def _check_read(role, case, response):
    status = response.status_code
    if role in case.read:
        if status not in case.ok:
            return [f"{role}: GET {status}, expected {case.ok}"]
        return []
    if (role == "anonymous" or case.login_refuses_all) and (_to_login(response) or status == 401):
        return []
    if status not in REFUSED:
        return [f"{role}: GET {status}, expected refusal (403/404/405, or login)"]
    return []


def _check_write(role, case, method, response):
    status = response.status_code
    if status >= 500:
        return [f"{role}: {method.upper()} {status}"]
    if case.write is None and role in case.read:
        return []  # a read-only page may answer a POST like a GET; the database check decides
    if (role == "anonymous" or case.login_refuses_all) and _to_login(response):
        return []
    if status not in REFUSED_WRITE:
        return [f"{role}: {method.upper()} {status}, expected refusal"]
    return []


def _to_login(response) -> bool:
    location = response.get("Location", "")
    return response.status_code == 302 and (
        location.startswith("/konto/logga-in/") or location.startswith("/admin/login/")
    )


def _leaks(role, response, method):
    body = _text(response)
    leaked = [word for word, allowed in SECRETS.items() if role not in allowed and word in body]
    return [f"{role}: {method} {response.status_code} shows {', '.join(leaked)}"] if leaked else []


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # XLSX: search the sheets' XML
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            content = b"".join(archive.read(n) for n in archive.namelist())
    return content.decode("utf-8", "replace")


def _unsafe_methods(pattern):
    actions = getattr(pattern.callback, "actions", None)
    if actions is not None:  # a DRF viewset route: the methods it maps
        return [m for m in UNSAFE if m in actions]
    if pattern.route.startswith("api/v1/") or getattr(pattern.callback, "cls", None):
        return ["post"]
    return ["post"]


def _send(client, method, url, pattern, payload):
    if getattr(pattern.callback, "cls", None) is not None:
        return getattr(client, method)(url, json.dumps(payload), content_type="application/json")
    return getattr(client, method)(url, payload)


def _changed_tables(world) -> list[str]:
    """The tables whose content differs from the world's as built. The world is rolled back to
    the same state before every test, so its fingerprint is taken once per module."""
    baseline = _BASELINES.get(id(world))
    if baseline is None:
        baseline = _BASELINES[id(world)] = _fingerprint(_tables())
    now = _fingerprint(_tables(), populated=baseline)
    return sorted(
        label for label in baseline.keys() | now.keys() if baseline.get(label) != now.get(label)
    )


_BASELINES: dict[int, dict] = {}


def _tables() -> list:
    """Every table a request could change (the volatile ones aside): (label, table, columns)."""
    tables = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.app_label in VOLATILE_APPS or meta.proxy or not meta.managed:
            continue
        columns = ", ".join(
            connection.ops.quote_name(f.column)
            for f in meta.local_concrete_fields
            if f.attname != "last_login"
        )
        tables.append((meta.label, connection.ops.quote_name(meta.db_table), columns))
    return tables


def _fingerprint(tables, populated=None) -> dict:
    """label → (row count, rows) with the rows read only for the tables the world populated: one
    query counts every table (an insert anywhere shows), then the world's few tables are read in
    full (an update shows). Rows are compared as the database returns them (model values such as
    StreamValue have unstable reprs)."""
    counts_sql = " UNION ALL ".join(
        f"SELECT {index}, COUNT(*) FROM {table}" for index, (_, table, _) in enumerate(tables)
    )
    with connection.cursor() as cursor:
        cursor.execute(counts_sql)
        counts = dict(cursor.fetchall())
        result = {}
        for index, (label, table, columns) in enumerate(tables):
            rows = None
            if counts[index] and (populated is None or populated.get(label, (0,))[0]):
                cursor.execute(f"SELECT {columns} FROM {table} ORDER BY 1")
                rows = cursor.fetchall()
            result[label] = (counts[index], rows)
    return result


def _who_wrote(world, clients, pattern, case, url, methods, writers):
    """Replay the writes one by one to name the role and method that changed something."""
    for role in ROLES:
        if role in writers:
            continue
        for method in methods:
            before = _fingerprint(_tables())
            _send(clients[role], method, url, pattern, case.payload(world))
            after = _fingerprint(_tables())
            if after != before:
                changed = sorted(label for label in after if after[label] != before[label])
                return f"{role} {method.upper()} changed {', '.join(changed)}"
    return "(not reproducible one by one)"
