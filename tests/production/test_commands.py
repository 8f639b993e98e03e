"""The README's commands as a new user runs them: `make worker` finds the Celery app and becomes
ready; `make run PORT=…` serves on that port and the e-mails it sends link to that port."""

import re
import subprocess
import time

import requests

from partners.factories import UserFactory, valid_org_number
from tests.outbox.redis_worker import free_port
from tests.production import stack


def test_make_worker_finds_the_celery_app_and_becomes_ready(production_stack):
    # A broker database of its own, so only this worker answers the ping.
    broker = production_stack.env["CELERY_BROKER_URL"].rsplit("/", 1)[0] + "/3"
    env = {**production_stack.env, "CELERY_BROKER_URL": broker}
    log = production_stack.folder / "make-worker.log"
    worker = stack.start_worker(env, log, command=["make", "--no-print-directory", "worker"])
    try:
        answers = stack.workers_answering(broker)
        assert len(answers) == 1, answers
        assert "Unable to load celery application" not in worker.output()
        assert "pilots.tasks.notify_report_decided" in worker.output()  # the task list
    finally:
        worker.stop()


def test_make_worker_without_a_broker_says_what_it_needs(production_stack):
    env = {k: v for k, v in production_stack.env.items() if k != "CELERY_BROKER_URL"}
    result = subprocess.run(
        ["make", "--no-print-directory", "worker"],
        cwd=stack.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "make worker needs CELERY_BROKER_URL" in result.stdout + result.stderr


def test_make_run_on_another_port_links_to_that_port_in_e_mails(live, tmp_path):
    """`make run PORT=…`'s server command (from `make -n`, after its install/migrate/seed steps)
    with the developer's defaults: dev settings, eager jobs, e-mail on the console."""
    coordinator = UserFactory(email="koordinator@example.se", coordinator=True)
    port = free_port()
    command = stack.make_command("run", PORT=str(port))
    assert command.endswith(f"runserver 127.0.0.1:{port}"), command
    env = {k: v for k, v in live.env.items() if k not in stack.NOT_INHERITED}
    env = {
        k: v
        for k, v in env.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_FILE_PATH", "STATIC_ROOT"}
    }
    server = stack.Process("make run", ["bash", "-c", command], env, tmp_path / "run.log")
    base = f"http://127.0.0.1:{port}"
    try:

        def up():
            try:
                return requests.get(base + "/healthz", timeout=2).status_code == 200
            except requests.RequestException:
                return False

        server.wait_for(up, timeout=120, what="answering /healthz")
        browser = requests.Session()

        def post(path, data):
            page = browser.get(base + path)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
            return browser.post(
                base + path,
                data={"csrfmiddlewaretoken": token, **data},
                headers={"Referer": base + path},
                allow_redirects=False,
            )

        signed_up = post(
            "/konto/registrera/",
            {
                "first_name": "Greta",
                "last_name": "Granath",
                "email": "greta@friskfritid.se",
                "password": "Prevention-2025!",
            },
        )
        assert signed_up.status_code == 302, signed_up.text[:500]
        registered = post(
            "/organisationer/registrera/",
            {
                "name": "Friskt fritid ideell förening",
                "kind": "civilsamhalle",
                "org_number": valid_org_number(4242, prefix="80"),
            },
        )
        assert registered.status_code == 302, registered.text[:2000]

        # The coordinator's notice, printed by the console e-mail backend.
        deadline = time.monotonic() + 30
        while coordinator.email not in server.output() and time.monotonic() < deadline:
            time.sleep(0.2)
        output = server.output()
        assert coordinator.email in output, output[-3000:]
        links = re.findall(r"https?://[^\s]+", output.split(coordinator.email, 1)[1])
        assert links and all(link.startswith(f"{base}/") for link in links), links
    finally:
        server.stop()
