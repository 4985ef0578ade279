"""Run Conclave under gunicorn (2 workers) on 127.0.0.1 for a benchmark, then stop it.

BENCH_HTTP_PORT overrides the port; BENCH_WORKERS, BENCH_THREADS (gthread workers) and
BENCH_WORKER_CLASS (e.g. uvicorn_worker.UvicornWorker) try other set-ups without editing.
Idle keep-alive connections are held for BENCH_KEEPALIVE seconds (default 10, longer than the
load's 8 s of thinking: a server closing an idle connection just as the client reuses it is a
"no answer" of the set-up, not of Conclave; sync workers keep no connection alive)."""

import contextlib
import os
import subprocess
import sys
import time
import urllib.request

from _setup import ROOT


@contextlib.contextmanager
def gunicorn(port=8799, workers=2, *, threads=None, worker_class=None, **env):
    port = int(os.environ.get("BENCH_HTTP_PORT") or port)
    workers = int(os.environ.get("BENCH_WORKERS") or workers)
    threads = os.environ.get("BENCH_THREADS") or threads
    worker_class = os.environ.get("BENCH_WORKER_CLASS") or worker_class
    options = [
        *(["--threads", str(threads)] if threads else []),
        *(["-k", worker_class] if worker_class else []),
        *(["--keep-alive", os.environ.get("BENCH_KEEPALIVE") or "10"]),
    ]
    environment = {
        **os.environ,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "REQUEST_LOG_LEVEL": "WARNING",
        **env,
    }
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "conclave.asgi" if worker_class and "uvicorn" in worker_class.lower() else "conclave.wsgi",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--timeout",
            "120",
            *options,
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=sys.stderr,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except urllib.error.HTTPError:
                break  # 503 is fine: it answers
            except OSError:
                time.sleep(0.1)
        yield base
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
    finally:
        process.terminate()
        process.wait(timeout=20)
