"""Private Redis servers and PostgreSQL clusters for the tests that stop them: each on its own
free port of the loopback, in its own temporary folder, never the machine's shared ones. They
stop by themselves when the test ends (and with the test process, at worst)."""

import contextlib
import json
import os
import pwd
import shutil
import socket
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(check, what: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise TimeoutError(f"{what} did not come up in {seconds} s")


def _port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


class PrivateRedis:
    """``redis-server`` on a free port, nothing saved to disk."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [shutil.which("redis-server") or "redis-server", "--bind", "127.0.0.1"]
        command += ["--port", str(self.port), "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(  # noqa: S603 - our own command line
            [*command, "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for(lambda: _port_open(self.port), "redis-server")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        _wait_for(lambda: not _port_open(self.port), "redis-server's end")


def _postgres_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not versions:
        raise FileNotFoundError("PostgreSQL's server binaries (apt-get install postgresql)")
    return str(versions[-1] / name)


class PrivatePostgres:
    """A PostgreSQL cluster of its own (``initdb``), on a free port, with trust authentication.
    PostgreSQL refuses to run as root: as root, the cluster belongs to the ``postgres`` user."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]
            owner = pwd.getpwnam("postgres")
            os.chown(folder, owner.pw_uid, owner.pw_gid)

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *command: str) -> None:
        subprocess.run(  # noqa: S603 - our own command line
            [*self.as_user, *command], check=True, capture_output=True, timeout=120
        )

    def create(self) -> None:
        self._run(
            _postgres_bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
            "--no-sync", "-E", "UTF8",
        )  # fmt: skip

    def start(self) -> None:
        self._run(
            _postgres_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"), "-w",
            "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )  # fmt: skip

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run(_postgres_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def createdb(self, name: str) -> None:
        self._run(_postgres_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
                  "postgres", name)  # fmt: skip


def public_bucket(client, name: str, region: str) -> None:
    """Creates a bucket that anyone may read from, as production's must be (README.md: media on
    object storage), on the S3 emulator ``client`` talks to."""
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": region})
    public_read = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{name}/*",
            }
        ],
    }
    client.put_bucket_policy(Bucket=name, Policy=json.dumps(public_read))
