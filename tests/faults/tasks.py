"""A task for the worker's fault test: it leaves a file where it is told to."""

from pathlib import Path

from django.tasks import task


@task
def leave_mark(path: str) -> None:
    Path(path).write_text("done")
