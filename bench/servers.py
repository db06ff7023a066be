"""The servers a benchmark run starts on 127.0.0.1 — the platform under gunicorn, Datasette
under uvicorn — always stopped again by the context managers, whatever happens."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "bench" / "var"
VENV_BIN = Path(sys.executable).parent
WORKERS = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def app_env(database_url: str, redis_url: str = "") -> dict[str, str]:
    """The environment the platform runs with in a benchmark (also for in-process runs)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        OCOP_TASKS_BACKEND="immediate",
        DEBUG="0",
        PYTHONPATH=str(ROOT),
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def _wait_ready(port: int, path: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as answer:
                if answer.status < 500:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the server on port {port} did not answer {path} in {seconds:.0f}s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


@contextlib.contextmanager
def gunicorn(database_url: str, redis_url: str = "", log: Path | None = None) -> Iterator[int]:
    """The platform under gunicorn (2 sync workers) on a free loopback port; yields the port."""
    port = free_port()
    log = log or VAR / "gunicorn.log"
    command = [
        str(VENV_BIN / "gunicorn"),
        "bench.wsgi:application",
        "--workers",
        str(WORKERS),
        "--bind",
        f"127.0.0.1:{port}",
        "--chdir",
        str(ROOT),
        "--log-level",
        "warning",
        "--timeout",
        "60",
    ]
    with log.open("a") as out:
        process = subprocess.Popen(  # noqa: S603
            command,
            env=app_env(database_url, redis_url),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as a whole
        )
    try:
        _wait_ready(port, "/bench/ceiling", process)
        yield port
    finally:
        _stop(process)


# -- Datasette, in its own virtualenv ---------------------------------------------------------

DATASETTE_VENV = VAR / "datasette-venv"
DATASETTE_SPEC = "datasette>=0.65,<2"


def datasette_python(install: bool = True) -> Path | None:
    """Python of the separate Datasette virtualenv (created on first use), or None."""
    python = DATASETTE_VENV / "bin" / "python"
    if python.exists() and (DATASETTE_VENV / "bin" / "datasette").exists():
        return python
    if not install:
        return None
    print("  installing Datasette into bench/var/datasette-venv …", flush=True)
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "check": False}
    subprocess.run([sys.executable, "-m", "venv", str(DATASETTE_VENV)], **quiet)  # noqa: S603
    subprocess.run([str(python), "-m", "pip", "install", "-q", DATASETTE_SPEC], **quiet)  # noqa: S603
    return python if (DATASETTE_VENV / "bin" / "datasette").exists() else None


def datasette_version() -> str:
    python = DATASETTE_VENV / "bin" / "python"
    out = subprocess.run(  # noqa: S603
        [str(python), "-c", "import datasette.version as v; print(v.__version__)"],
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.strip() or "?"


@contextlib.contextmanager
def datasette(db: Path, metadata: Path, log: Path | None = None) -> Iterator[int]:
    """Datasette serving `db` (immutable) with 2 uvicorn workers, like our 2 gunicorn workers."""
    python = datasette_python()
    if python is None:
        raise RuntimeError("Datasette could not be installed")
    port = free_port()
    log = log or VAR / "datasette.log"
    env = {
        **os.environ,
        "BENCH_DATASETTE_DB": str(db),
        "BENCH_DATASETTE_METADATA": str(metadata),
        "PYTHONPATH": str(ROOT / "bench"),
    }
    command = [
        str(python),
        "-m",
        "uvicorn",
        "datasette_app:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(WORKERS),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    with log.open("a") as out:
        process = subprocess.Popen(  # noqa: S603
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_ready(port, "/-/versions.json", process)
        yield port
    finally:
        _stop(process)
