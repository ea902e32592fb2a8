import shutil
import tempfile
from pathlib import Path

import pytest

from .services import PrivatePostgres, PrivateRedis


@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def private_postgres():
    # Not under pytest's own temporary folder, which the postgres user cannot enter.
    folder = Path(tempfile.mkdtemp(prefix="freelancehub-pg-"))
    cluster = PrivatePostgres(folder)
    try:
        cluster.create()
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
