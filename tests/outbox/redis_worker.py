"""A private redis-server and a real Celery worker on it, for tests that stop the broker.

The server is our own process on a free port without persistence (the shared Redis on 6379 is
never touched); the worker runs in a thread of the test process (pool solo) against the
PostgreSQL test database, with Celery switched from eager to that broker for the test only.
"""

import shutil
import socket
import subprocess
import time
from contextlib import contextmanager

import redis
from django.test import override_settings
from kombu import pools

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def redis_available() -> bool:
    return shutil.which(REDIS_SERVER) is not None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """One redis-server process that can be killed and started again on the same port."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        port = str(self.port)
        no_disk = ["--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", port, "--bind", "127.0.0.1", *no_disk],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"redis-server did not start on port {self.port}") from None
                time.sleep(0.05)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def _reset_pools(app) -> None:
    """Forget broker connections made for another URL: kombu keeps pools per URL in a registry
    (closing one without clearing the registry would hand out the closed pool later)."""
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def celery_broker(url: str):
    """Switch Celery from eager to the broker at `url` for the block (settings and app conf)."""
    from config.celery import app

    changes = {
        "broker_url": url,
        "task_always_eager": False,
        "worker_hijack_root_logger": False,
        # The consumer reconnects quickly after the outage (kombu's default waits grow to 30 s).
        "broker_transport_options": {"socket_connect_timeout": 1},
    }
    saved = {key: app.conf.get(key) for key in changes}
    app.conf.update(changes)
    _reset_pools(app)
    try:
        with override_settings(CELERY_BROKER_URL=url, CELERY_TASK_ALWAYS_EAGER=False):
            yield app
    finally:
        app.conf.update(saved)
        _reset_pools(app)


@contextmanager
def celery_worker_on(server: RedisServer):
    """Celery on `server`, with a real worker (pool solo) in a thread for the block."""
    from celery.contrib.testing.worker import start_worker

    with (
        celery_broker(server.url) as app,
        start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=10, loglevel="ERROR"
        ) as worker,
    ):
        yield worker


def wait_until(condition, *, timeout: float = 20, what: str = "condition"):
    """Poll `condition` until it is truthy (returned) or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)
