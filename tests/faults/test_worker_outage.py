"""The background worker rides out a PostgreSQL restart longer than its pool's patience: it is
still running when the database comes back, and runs what was queued then. On a private
cluster started (and stopped) by the test."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.xdist_group("faults")


def manage(env: dict, *args: str, **kwargs):
    return subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=120, **kwargs
    )


def wait_for(path: Path, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists():
            return True
        time.sleep(0.2)
    return False


def test_the_worker_rides_out_a_database_restart(private_postgres, tmp_path):
    private_postgres.createdb("tasks")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))},
        "DJANGO_SETTINGS_MODULE": "freelancehub.settings",
        "DEBUG": "1",
        "DATABASE_URL": private_postgres.url("tasks"),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        # The pool gives up on a missing database after 2 s (10 s by default): the outage below
        # outlasts it several times over.
        "DATABASE_POOL_TIMEOUT": "2",
    }
    manage(env, "migrate", "--no-input", "-v0")
    enqueue = "from tests.faults.tasks import leave_mark; leave_mark.enqueue({!r})"

    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.2", "--no-startup-delay", "-v2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        before = tmp_path / "before"
        manage(env, "shell", "-c", enqueue.format(str(before)))
        assert wait_for(before, 30), "the worker did not run the first task"

        private_postgres.stop()
        time.sleep(8)
        assert worker.poll() is None, "the worker exited while the database was away"
        private_postgres.start()

        after = tmp_path / "after"
        manage(env, "shell", "-c", enqueue.format(str(after)))
        assert wait_for(after, 60), "the worker did not run the task queued after the restart"
        assert worker.poll() is None
    finally:
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=30)
    assert "the database does not answer" in output
