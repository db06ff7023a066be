"""Loopback load: wrk (Debian package `wrk`) when available, else a small Python generator.

Both run for a bounded time against 127.0.0.1 only, rotate through a list of paths, and report
requests per second, latency percentiles and failures.
"""

import http.client
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
CONNECTIONS = 32


@dataclass
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    failures: int  # non-2xx/3xx responses, socket errors and timeouts
    tool: str

    def as_dict(self) -> dict[str, object]:
        return {
            "rps": round(self.rps, 1),
            "p50_ms": round(self.p50_ms, 2),
            "p99_ms": round(self.p99_ms, 2),
            "requests": self.requests,
            "failures": self.failures,
            "tool": self.tool,
        }


def find_wrk(install: bool = True) -> str | None:
    """The wrk binary; installed with apt-get when missing and we are root."""
    found = shutil.which("wrk")
    if found or not install:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("  installing wrk (apt-get install wrk) …", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
        result = subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], **quiet, check=False)  # noqa: S607
        if result.returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], **quiet, check=False)  # noqa: S607
            subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], **quiet, check=False)  # noqa: S607
    return shutil.which("wrk")


def run(
    port: int,
    paths: list[str],
    seconds: float,
    headers: dict[str, str] | None = None,
    wrk: str | None = None,
    connections: int = CONNECTIONS,
) -> Load:
    """Drive `paths` (rotating) on 127.0.0.1:`port` for `seconds` with `connections`."""
    if wrk:
        return _wrk(wrk, port, paths, seconds, headers or {}, connections)
    return _python(port, paths, seconds, headers or {}, connections)


# -- wrk --------------------------------------------------------------------------------------

SCRIPT = """
paths = {%s}
counter = 0
%s
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def _lua(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _wrk(
    wrk: str, port: int, paths: list[str], seconds: float, headers: dict[str, str], conns: int
) -> Load:
    sets = "\n".join(f"wrk.headers[{_lua(k)}] = {_lua(v)}" for k, v in headers.items())
    script = SCRIPT % (", ".join(_lua(p) for p in paths), sets)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        command = [
            wrk,
            "-t2",
            f"-c{conns}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            handle.name,
            f"http://{HOST}:{port}{paths[0]}",
        ]
        out = subprocess.run(  # noqa: S603 (wrk, found on PATH)
            command, capture_output=True, text=True, timeout=seconds + 60, check=False
        ).stdout
    finally:
        Path(handle.name).unlink(missing_ok=True)
    return parse_wrk(out)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * UNITS[unit]


def parse_wrk(out: str) -> Load:
    """Requests/sec, p50, p99 and failures from `wrk --latency` output."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    total = re.search(r"(\d+) requests in", out)
    if not (rps and p50 and p99 and total):
        raise RuntimeError(f"could not read wrk's output:\n{out}")
    failures = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if errors:
        # "read" errors are the server closing kept-alive sockets (gunicorn's sync workers do
        # after every response), not failed requests: only connect/write/timeouts count.
        failures += int(errors[1]) + int(errors[3]) + int(errors[4])
    return Load(float(rps[1]), _ms(p50[1]), _ms(p99[1]), int(total[1]), failures, "wrk")


# -- Python fallback --------------------------------------------------------------------------


def _python(
    port: int, paths: list[str], seconds: float, headers: dict[str, str], conns: int
) -> Load:
    """`conns` threads, each with its own HTTP/1.1 connection, until the deadline."""
    deadline = time.monotonic() + seconds
    latencies: list[list[float]] = [[] for _ in range(conns)]
    failures = [0] * conns

    def worker(n: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        i = n
        while time.monotonic() < deadline:
            path = paths[i % len(paths)]
            i += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    failures[n] += 1
                if response.getheader("connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException):
                failures[n] += 1
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=10)
            latencies[n].append((time.perf_counter() - started) * 1000)
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(conns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 15)
    elapsed = time.monotonic() - started
    every = sorted(x for per in latencies for x in per)
    if not every:
        return Load(0.0, 0.0, 0.0, 0, sum(failures), "python")
    p99 = every[min(len(every) - 1, int(len(every) * 0.99))]
    return Load(
        len(every) / elapsed, statistics.median(every), p99, len(every), sum(failures), "python"
    )
