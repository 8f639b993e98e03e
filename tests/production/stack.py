"""The production stack for the `production` tests: gunicorn serving the production settings, a
private redis-server as broker and shared cache, and a Celery worker started by `make worker`'s
own command, all against the PostgreSQL test database. Nothing runs inside the test process but
the test itself: every request goes over HTTP, every job through Redis to the worker process.

The environment is what a deployment sets (see README "Settings"), with only these test-safe
choices: a random SECRET_KEY, ALLOWED_HOSTS 127.0.0.1, the test database, a redis-server of our
own on a free port, e-mail written to files (filebased backend) instead of an SMTP server, and
static and media files in temporary folders, and CSRF_TRUSTED_ORIGINS naming the server's own
http:// origin for the browser (see conftest's prod_page). TLS ends at a proxy in production; here
the client plays the proxy's part and sends `X-Forwarded-Proto: https` (see `ProxiedSession`).
"""

import email
import email.policy
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests
from requests.cookies import get_cookie_header

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
GUNICORN = BIN / "gunicorn"
# Inherited from the developer's shell, these would change what the stack does.
NOT_INHERITED = {
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DEBUG",
    "SITE_URL",
    "CSRF_TRUSTED_ORIGINS",
    "CELERY_BROKER_URL",
    "CACHE_URL",
    "ELASTICSEARCH_URL",
    "EMAIL_BACKEND",
    "SERVER_TIMING",
    "PYTHONPATH",
}


def database_url(settings_dict: dict) -> str:
    """The URL of the database the test process uses (pytest-django's test database)."""
    user = settings_dict.get("USER") or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


def production_environment(*, database: str, redis_port: int, folder: Path, port: int) -> dict:
    """The environment of every stack process: production settings as a deployment sets them."""
    inherited = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"https://127.0.0.1:{port}",
        # The browser's Origin when it talks plain HTTP to gunicorn (see conftest's prod_page);
        # the HTTP client sends the https Origin a browser behind the proxy sends.
        "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
        "DATABASE_URL": database,
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis_port}/0",
        "CACHE_URL": f"redis://127.0.0.1:{redis_port}/1",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(folder / "mail"),
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


class Process:
    """A stack process in a session of its own (so it and its children stop together), with its
    output in a log file for the failure message."""

    def __init__(self, name: str, command: list[str], env: dict, log: Path):
        self.name = name
        self.log = log
        self._log_file = log.open("wb")
        self.popen = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, condition, *, timeout: float, what: str) -> None:
        """Wait until `condition()`; stop the process and fail with its output otherwise."""
        deadline = time.monotonic() + timeout
        while not condition():
            problem = ""
            if self.popen.poll() is not None:
                problem = f"{self.name} exited ({self.popen.returncode}) before {what}"
            elif time.monotonic() > deadline:
                problem = f"{self.name} not {what} after {timeout} s"
            if problem:
                self.stop()
                raise RuntimeError(problem + ":\n" + self.output()[-4000:])
            time.sleep(0.2)

    def stop(self) -> None:
        """SIGTERM to the process group (a warm shutdown), SIGKILL if it does not end."""
        if self.popen.poll() is None:
            try:
                os.killpg(self.popen.pid, signal.SIGTERM)
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(timeout=10)
            except ProcessLookupError:
                pass
        self._log_file.close()


def start_gunicorn(env: dict, port: int, log: Path) -> Process:
    """gunicorn with the production settings (config.wsgi), two sync workers like a small host."""
    command = [
        str(GUNICORN),
        "config.wsgi",
        "--pythonpath",
        str(ROOT / "site"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--timeout",
        "120",
    ]
    process = Process("gunicorn", command, env, log)

    def healthy():
        try:
            return requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    process.wait_for(healthy, timeout=120, what="answering /healthz")
    return process


def make_command(target: str, **variables: str) -> str:
    """The command `make <target>` runs last (make -n), so the tests start exactly that."""
    assignments = [f"{key}={value}" for key, value in variables.items()]
    dry_run = subprocess.run(
        ["make", "-s", "-n", target, *assignments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return dry_run.stdout.strip().splitlines()[-1]


def start_worker(env: dict, log: Path, *, command: list[str] | None = None) -> Process:
    """A Celery worker process; by default `make worker`'s own command line (from `make -n`).
    Ready when it answers a ping over the broker (it consumes from it, then)."""
    command = command or ["bash", "-c", make_command("worker")]
    process = Process("celery worker", command, env, log)
    broker = env["CELERY_BROKER_URL"]
    process.wait_for(lambda: workers_answering(broker), timeout=180, what="ready")
    return process


def workers_answering(broker_url: str) -> list:
    """The workers on this broker that answer a ping within a second."""
    from celery import Celery

    app = Celery("ping", broker=broker_url, set_as_current=False)
    try:
        return app.control.ping(timeout=1)
    finally:
        app.close()


class ProxiedSession(requests.Session):
    """A client that talks to gunicorn as the TLS-terminating proxy would pass a browser's
    requests on: `X-Forwarded-Proto: https`, and on unsafe methods the Origin and Referer a
    browser sends from an https page. Secure cookies are kept and sent (the client's side of the
    connection is https); CSRF tokens are not added automatically, so CSRF is really checked."""

    def __init__(self, base_url: str):
        super().__init__()
        self.base_url = base_url.rstrip("/")
        self.origin = "https://" + urlsplit(self.base_url).netloc
        self.headers["X-Forwarded-Proto"] = "https"

    def request(self, method, url, *args, **kwargs):
        if url.startswith("/"):
            url = self.base_url + url
        if method.upper() not in {"GET", "HEAD", "OPTIONS"}:
            headers = kwargs.setdefault("headers", {}) or {}
            headers.setdefault("Origin", self.origin)
            headers.setdefault("Referer", self.origin + urlsplit(url).path)
            kwargs["headers"] = headers
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("timeout", 60)
        return super().request(method, url, *args, **kwargs)

    def prepare_request(self, request):
        """The Cookie header as for the https URL the proxy serves, so Secure cookies go too."""
        prepared = super().prepare_request(request)
        as_https = prepared.copy()
        as_https.url = "https://" + prepared.url.split("://", 1)[1]
        prepared.headers.pop("Cookie", None)
        cookie = get_cookie_header(self.cookies, as_https)
        if cookie:
            prepared.headers["Cookie"] = cookie
        return prepared

    def get(self, url, **kwargs):
        kwargs.setdefault("allow_redirects", False)
        return self.request("GET", url, **kwargs)

    def csrf_token(self, path: str) -> str:
        """The form's csrfmiddlewaretoken from the page at `path` (as the browser submits it)."""
        page = self.get(path)
        assert page.status_code == 200, (path, page.status_code)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def post_form(self, path: str, data: dict, *, form_page: str | None = None):
        token = self.csrf_token(form_page or path)
        return self.post(path, data={"csrfmiddlewaretoken": token, **data})


def read_mail(folder: Path) -> list:
    """Every e-mail the stack's filebased backend wrote, as email.message.EmailMessage objects."""
    messages = []
    if not folder.exists():
        return messages
    for path in sorted(folder.glob("*.log")):
        for raw in path.read_bytes().split(b"-" * 79):
            if raw.strip():
                messages.append(
                    email.message_from_bytes(raw.strip() + b"\n", policy=email.policy.default)
                )
    return messages


def wait_for_mail(folder: Path, condition, *, timeout: float = 60, what: str = "the e-mail"):
    """The first e-mail satisfying `condition(message)`; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in read_mail(folder) if condition(m)]
        if found:
            return found[0]
        if time.monotonic() > deadline:
            subjects = [m["subject"] for m in read_mail(folder)]
            raise AssertionError(f"no {what} after {timeout} s; mails: {subjects}")
        time.sleep(0.2)


def body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()
