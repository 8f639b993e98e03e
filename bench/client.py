"""A minimal HTTP client for the benchmark: sessions by login form, Server-Timing parsing.

The server runs production settings behind no proxy, so every request says
`X-Forwarded-Proto: https` the way the load balancer would; that keeps the secure session and CSRF
cookies working over loopback without turning security settings off. Cookies are kept by hand
because standard cookie jars never send `Secure` cookies over plain http.
"""

import http.client
import re
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode


def parse_server_timing(value: str) -> dict:
    """{"app": ms, "db": ms, "queries": n} from `app;dur=12.3, db;dur=4.1;desc="queries=9"`."""
    out = {}
    for metric in value.split(","):
        name, *params = [part.strip() for part in metric.split(";")]
        for param in params:
            key, _, raw = param.partition("=")
            raw = raw.strip('"')
            if key == "dur":
                out[name] = float(raw)
            elif key == "desc" and raw.startswith("queries="):
                out["queries"] = int(raw.removeprefix("queries="))
    return out


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    client_ms: float

    @property
    def timing(self) -> dict:
        return parse_server_timing(self.headers.get("server-timing", ""))


@dataclass
class Session:
    """One visitor: a cookie jar against one server."""

    host: str
    port: int
    cookies: dict = field(default_factory=dict)

    def request(self, method: str, url: str, body: bytes | None = None, headers=None) -> Response:
        origin = f"https://{self.host}:{self.port}"
        jar = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent = {
            "Host": f"{self.host}:{self.port}",
            "X-Forwarded-Proto": "https",
            "Accept-Language": "sv",
            **({"Cookie": jar} if jar else {}),
            **({"Origin": origin, "Referer": origin + url} if method == "POST" else {}),
            **(headers or {}),
        }
        connection = http.client.HTTPConnection(self.host, self.port, timeout=300)
        started = time.perf_counter()
        try:
            connection.request(method, url, body=body, headers=sent)
            raw = connection.getresponse()
            payload = raw.read()
        finally:
            connection.close()
        client_ms = (time.perf_counter() - started) * 1000
        for header, value in raw.getheaders():
            if header.lower() == "set-cookie":
                cookie = SimpleCookie()
                cookie.load(value)
                for name, morsel in cookie.items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
        headers = {k.lower(): v for k, v in raw.getheaders()}
        return Response(raw.status, headers, payload, client_ms)

    def get(self, url: str) -> Response:
        return self.request("GET", url)

    def login(self, email: str, password: str, path: str = "/konto/logga-in/") -> None:
        """Sign in through the login form, as a browser would. Raises RuntimeError on failure."""
        page = self.get(path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        if page.status != 200 or not match:
            raise RuntimeError(f"login form {path} answered {page.status} without a CSRF token")
        form = urlencode(
            {"csrfmiddlewaretoken": match[1].decode(), "username": email, "password": password}
        ).encode()
        answer = self.request(
            "POST", path, body=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login as {email} failed: HTTP {answer.status}")


def _sample(session, url: str) -> dict:
    response = session.get(url)
    if response.status != 200:
        raise RuntimeError(f"GET {url} answered HTTP {response.status}")
    timing = response.timing
    if "app" not in timing or "queries" not in timing:
        raise RuntimeError(f"GET {url} has no Server-Timing header (is SERVER_TIMING on?)")
    return {
        "server_ms": timing["app"],
        "db_ms": timing.get("db", 0.0),
        "queries": timing["queries"],
        "client_ms": round(response.client_ms, 1),
    }


def measure_interleaved(jobs, *, requests: int, warmup: int = 3) -> list[list[dict]]:
    """Request each (session, url) of `jobs` in turn, warmup + requests rounds; the samples of
    the measured rounds per job.

    Taking turns puts the same page at every scale under the same machine load, so the ratios
    between scales hold even on a busy machine. Raises RuntimeError on a non-200 answer or a
    missing Server-Timing header, so a broken page never passes as a fast one.
    """
    samples = [[] for _ in jobs]
    for n in range(warmup + requests):
        for taken, (session, url) in zip(samples, jobs, strict=True):
            sample = _sample(session, url)
            if n >= warmup:
                taken.append(sample)
    return samples


def measure(session, url: str, *, requests: int, warmup: int = 3) -> list[dict]:
    """Request url warmup + requests times in a row; samples of the measured ones."""
    return measure_interleaved([(session, url)], requests=requests, warmup=warmup)[0]
