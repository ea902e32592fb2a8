"""``manage.py worker``: django-tasks-db's ``db_worker`` that rides out a database outage.

``db_worker`` exits as soon as PostgreSQL fails to answer (a restart, a failover, a pool that
times out after 10 s). This one logs the fault, waits (1 s, then twice as long each time, up to
a minute) and goes on polling: no one has to restart it after the database comes back. It takes
every option of ``db_worker`` (``--queue-name``, ``--interval``, ``--batch``…); ``--reload`` is
for development only and not offered here.
"""

import contextlib
import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger("django_tasks_db")

FIRST_WAIT_SECONDS = 1.0
LONGEST_WAIT_SECONDS = 60.0


class SteadyWorker(db_worker.Worker):
    """A worker whose polling loop starts again after the database failed it."""

    sleep = staticmethod(time.sleep)  # replaced in tests

    def run(self) -> None:
        wait = FIRST_WAIT_SECONDS
        while self.running:
            started = time.monotonic()
            try:
                return super().run()
            except (OperationalError, InterfaceError) as error:
                if time.monotonic() - started > LONGEST_WAIT_SECONDS:
                    wait = FIRST_WAIT_SECONDS  # it had been working: a new outage
                logger.warning(
                    "Worker %s: the database does not answer (%s); trying again in %.0f s",
                    self.worker_id,
                    str(error).strip().splitlines()[0] if str(error).strip() else type(error),
                    wait,
                )
                self._drop_connections()
                self.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT_SECONDS)
        return None

    @staticmethod
    def _drop_connections() -> None:
        for connection in connections.all(initialized_only=True):
            # Already gone: the next query opens a new one.
            with contextlib.suppress(OperationalError, InterfaceError):
                connection.close()


class Command(db_worker.Command):
    help = "Run the background tasks from the database, riding out database outages."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False)

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options,
    ) -> None:
        self.configure_logging(verbosity)
        excluded = exclude_queues.split(",") if exclude_queues else []
        queue_names = queue_name.split(",")
        if excluded and "*" not in queue_names:
            raise db_worker.CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = SteadyWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        worker.configure_signals()
        worker.run()
