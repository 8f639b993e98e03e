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
from pathlib import Path

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


# 500s the matrix found and that are not fixed yet (reported to the lead): pattern id → reason.
KNOWN_500 = {
    "pilot-indicators api/v1/^pilots/(?P<slug>[^/.]+)/indicators\\.(?P<format>[a-z0-9]+)/?$": (
        "anonymous GET of a private pilot's indicators with a format suffix answers 500"
    ),
    "gate-decision-list api/v1/^gate-decisions\\.(?P<format>[a-z0-9]+)/?$": (
        "POST to /api/v1/gate-decisions.json/ answers 500"
    ),
}


UNTRIAGED = {
    line
    for line in (Path(__file__).parent / "untriaged.txt").read_text().splitlines()
    if line and not line.startswith("#")
}


def _cases():
    for pattern in PATTERNS:
        for index, case in enumerate(classify(pattern.route, pattern.name) or ()):
            label = case.label or str(index)
            marks = ()
            if pattern.id in KNOWN_500:
                marks = pytest.mark.xfail(reason=KNOWN_500[pattern.id], strict=False)
            param_id = f"{pattern.id} [{label}]"
            if param_id.encode("unicode_escape").decode() in UNTRIAGED:
                marks = pytest.mark.xfail(reason="untriaged (tests/security/untriaged.txt)")
            yield pytest.param(pattern, case, id=param_id, marks=marks)


def test_every_url_pattern_is_classified():
    unclassified = [p.id for p in PATTERNS if not classify(p.route, p.name)]
    assert not unclassified, (
        "Classify these URL patterns in tests/security/matrix.py (who may read and write them, "
        "and how to fill their URL):\n" + "\n".join(unclassified)
    )
    covered = len(PATTERNS) * len(ROLES)
    print(f"\nPermission matrix: {len(PATTERNS)} URL patterns × {len(ROLES)} roles = {covered}")
    assert len(PATTERNS) > 400  # the walk reached the API, the admin and every app


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
        before = _fingerprint()
        for role in ROLES:
            if role in writers:
                continue
            for method in methods:
                response = _send(clients[role], method, url, pattern, case.payload(world))
                problems += _check_write(role, case, method, response)
                problems += _leaks(role, response, method.upper())
        if _fingerprint() != before:
            problems.append(
                "an unauthorised write changed the database: "
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


def _fingerprint():
    """Every row of every table a request could change (the volatile ones aside), as the
    database returns them (model field values such as StreamValue have unstable reprs)."""
    rows = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if meta.app_label in VOLATILE_APPS or meta.proxy or not meta.managed:
                continue
            columns = ", ".join(
                connection.ops.quote_name(f.column)
                for f in meta.local_concrete_fields
                if f.attname != "last_login"
            )
            table = connection.ops.quote_name(meta.db_table)
            cursor.execute(f"SELECT {columns} FROM {table} ORDER BY 1")
            rows.append((meta.label, repr(cursor.fetchall())))
    return rows


def _who_wrote(world, clients, pattern, case, url, methods, writers):
    """Replay the writes one by one to name the role and method that changed something."""
    for role in ROLES:
        if role in writers:
            continue
        for method in methods:
            before = _fingerprint()
            _send(clients[role], method, url, pattern, case.payload(world))
            after = _fingerprint()
            if after != before:
                changed = [a[0] for a, b in zip(after, before, strict=True) if a != b]
                return f"{role} {method.upper()} changed {', '.join(changed)}"
    return "(not reproducible one by one)"
