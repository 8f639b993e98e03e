"""The load check: every page and endpoint under concurrent clients, against the bare page.

One gunicorn with `workers` sync workers serves the largest scale's database; for each target,
`clients` threads on loopback each request it `per_client` times in a bounded loop (every
client its own cookie jar, signed in as the target's role). Throughput is the answered requests
over the wall time of the whole burst. The bare Wagtail page is measured first and last and
its mean taken, so a load change on the machine during the check shifts both sides alike.
"""

import threading
import time

from bench.client import Session


def _burst(sessions: list[Session], url: str, per_client: int) -> dict:
    """All clients request `url` per_client times at once; requests/second over the burst."""
    errors: list[str] = []
    start = threading.Barrier(len(sessions) + 1)

    def client(session: Session) -> None:
        start.wait()
        for _ in range(per_client):
            try:
                status = session.get(url).status
            except OSError as exc:  # a refused or reset connection is a failed request
                errors.append(f"{exc.__class__.__name__}: {exc}")
                continue
            if status != 200:
                errors.append(f"HTTP {status}")

    threads = [threading.Thread(target=client, args=(s,), daemon=True) for s in sessions]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    requests = len(sessions) * per_client
    if errors:
        raise RuntimeError(f"{len(errors)} of {requests} requests failed: {errors[0]}")
    return {
        "requests": requests,
        "seconds": round(seconds, 2),
        "per_second": round(requests / seconds, 2),
    }


def measure_load(targets: list[dict], port: int, password: str, *, clients: int, per_client: int):
    """Throughput of every target with `clients` concurrent clients; the bare page's as
    `bare_per_second` and each target's ratio to it as `vs_bare`."""
    logins: dict[str, dict] = {}

    def sessions_for(login: str) -> list[Session]:
        if login not in logins:
            session = Session("127.0.0.1", port)
            if login:
                session.login(login, password)
            logins[login] = dict(session.cookies)
        return [Session("127.0.0.1", port, dict(logins[login])) for _ in range(clients)]

    bare = next(t for t in targets if t["kind"] == "reference")
    warm = sessions_for(bare["login"])
    _burst(warm, bare["url"], 1)
    first = _burst(sessions_for(bare["login"]), bare["url"], per_client)
    measured = []
    for target in targets:
        if target["kind"] == "reference":
            continue
        sessions = sessions_for(target["login"])
        try:
            _burst(sessions[:2], target["url"], 1)  # warm both workers' caches
            outcome = _burst(sessions, target["url"], per_client)
        except (RuntimeError, OSError) as exc:
            outcome = {"error": str(exc)}
        measured.append({"key": target["key"], "label": target["label"], **outcome})
        shown = outcome.get("per_second", outcome.get("error"))
        print(f"  load {target['label']:<24} {shown} requests/s", flush=True)
    last = _burst(sessions_for(bare["login"]), bare["url"], per_client)
    bare_rate = round((first["per_second"] + last["per_second"]) / 2, 2)
    print(f"  load {bare['label']:<24} {bare_rate} requests/s", flush=True)
    for row in measured:
        if "per_second" in row:
            row["vs_bare"] = round(row["per_second"] / bare_rate, 2)
    return {
        "clients": clients,
        "per_client": per_client,
        "bare_per_second": bare_rate,
        "bare_runs": [first, last],
        "pages": measured,
    }
