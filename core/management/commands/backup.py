"""``manage.py backup --to DIR``: the database and the uploaded files, in one new folder.

``DIR/freelancehub-<UTC date and time>/`` holds, readable by its owner only:

- ``database.dump``: ``pg_dump -Fc`` of the configured database;
- ``media.tar``: the files under the default storage's folder (MEDIA_ROOT), when uploads are local
  files. Object storage is not copied: its bucket is protected by the provider's versioning and
  replication, and the manifest says so;
- ``manifest.json``: the date, the applied migrations, the row count of every table, the size and
  SHA-256 of each file, and the uploaded files the database names that the archive lacks.

The row counts and the dump come from one snapshot of the database (``pg_export_snapshot``,
``pg_dump --snapshot``), so that ``manage.py restore`` can require the restored database to hold
exactly those rows, even when the site was busy during the backup.

The folder is written under a hidden ``.partial`` name and renamed once complete: an interrupted
backup never looks like one, and ``--keep`` counts complete backups only.

SQLite is refused rather than copied: it is the development database, whose demo content
``make seed`` recreates, and a second format would double the restore path that the drill
(tests/faults/test_backup_restore.py) has to prove.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError
from django.db import connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder

MANIFEST = "manifest.json"
DATABASE_DUMP = "database.dump"
MEDIA_ARCHIVE = "media.tar"
FOLDER_PREFIX = "freelancehub-"
FOLDER_NAME = re.compile(rf"^{FOLDER_PREFIX}\d{{8}}T\d{{6}}Z$")
MANIFEST_FORMAT = 1

# libpq's connection keywords and the environment variables that carry them to pg_dump and
# pg_restore: the password never appears on a command line (where `ps` shows it).
LIBPQ_ENVIRONMENT = {
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "dbname": "PGDATABASE",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}


def libpq_params(database: dict) -> dict[str, str]:
    """The libpq keywords of one entry of settings.DATABASES (or of a parsed DATABASE_URL)."""
    params = {
        "dbname": database.get("NAME"),
        "user": database.get("USER"),
        "password": database.get("PASSWORD"),
        "host": database.get("HOST"),
        "port": database.get("PORT"),
    }
    for key, value in (database.get("OPTIONS") or {}).items():
        if key in LIBPQ_ENVIRONMENT and key not in params:
            params[key] = value
    return {key: str(value) for key, value in params.items() if value not in (None, "")}


def libpq_environment(params: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **{LIBPQ_ENVIRONMENT[key]: value for key, value in params.items()}}


def describe(params: dict[str, str]) -> str:
    """Where a database is, for messages: never its password."""
    where = params.get("host", "local socket")
    if "port" in params:
        where += f":{params['port']}"
    return f"{params.get('dbname', params.get('service', '?'))} on {where}"


def postgres_program(name: str) -> str:
    """``PG_BIN_DIR/name`` when set; else the PATH's; else the newest installed PostgreSQL's.
    pg_dump must be of the server's major version or newer, pg_restore of the dump's."""
    if folder := os.environ.get("PG_BIN_DIR", "").strip():
        program = Path(folder) / name
        if not program.is_file():
            raise CommandError(f"PG_BIN_DIR is {folder}, which has no {name}.")
        return str(program)
    if found := shutil.which(name):
        return found
    installed = [
        path
        for path in Path("/usr/lib/postgresql").glob(f"*/bin/{name}")
        if path.parent.parent.name.isdigit()
    ]
    if not installed:
        raise CommandError(
            f"{name} not found: install PostgreSQL's client programs, or set PG_BIN_DIR."
        )
    return str(max(installed, key=lambda path: int(path.parent.parent.name)))


def run_program(command: list[str], params: dict[str, str]) -> str:
    """Runs a PostgreSQL client program against the database of ``params``; its output."""
    result = subprocess.run(  # noqa: S603 - our own command line, no shell
        command, env=libpq_environment(params), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise CommandError(
            f"{Path(command[0]).name} failed (exit {result.returncode}): {result.stderr.strip()}"
        )
    return result.stdout


def file_facts(path: Path) -> dict:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return {"file": path.name, "bytes": path.stat().st_size, "sha256": digest.hexdigest()}


class Command(BaseCommand):
    help = (
        "Backs up the PostgreSQL database (pg_dump -Fc) and the uploaded files into a new "
        "folder of --to, with a manifest that manage.py restore checks."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--to", required=True, type=Path, metavar="DIR", help="Folder of the backups."
        )
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="Then remove all but the N newest complete backups of that folder.",
        )

    def handle(self, *, to: Path, keep: int | None, **options) -> None:
        connection = connections["default"]
        if connection.vendor != "postgresql":
            raise CommandError(
                f"The database is {connection.display_name}, not PostgreSQL: backups are for "
                "production. The development database is demo content that `make seed` "
                "recreates; to keep a copy anyway, copy its file while the site is stopped."
            )
        if keep is not None and keep < 1:
            raise CommandError("--keep must be 1 or more: the backup just made is kept.")

        created_at = datetime.now(UTC)
        name = FOLDER_PREFIX + created_at.strftime("%Y%m%dT%H%M%SZ")
        to.mkdir(parents=True, exist_ok=True)
        folder = to / name
        if folder.exists():
            raise CommandError(f"{folder} exists already: one backup per second at most.")
        partial = to / f".{name}.partial"
        partial.mkdir(mode=0o700)
        try:
            manifest = {"format": MANIFEST_FORMAT, "created_at": created_at.isoformat()}
            manifest["database"], references = self.dump_database(connection, partial)
            manifest["media"] = self.archive_media(partial, references)
            (partial / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
            for path in partial.iterdir():
                path.chmod(0o600)
            partial.rename(folder)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise

        dump = manifest["database"]["dump"]
        self.stdout.write(
            f"Backup {folder}: database {describe(manifest['database']['connection'])}, "
            f"{dump['bytes']} bytes, {len(manifest['database']['rows'])} tables."
        )
        media = manifest["media"]
        if "skipped" in media:
            self.stdout.write(f"Media not copied: {media['skipped']}")
        else:
            self.stdout.write(f"Media: {media['files']} files from {media['root']}.")
        if media.get("missing"):
            self.stderr.write(
                f"{len(media['missing'])} files named by the database were not in the media "
                "folder (changed or removed during the backup?): listed in the manifest."
            )
        if keep:
            self.rotate(to, keep)

    def dump_database(self, connection, folder: Path) -> tuple[dict, set[str]]:
        """Dumps the database and counts its rows in one snapshot; the dump's facts, and the
        names of the uploaded files that the database refers to in that snapshot."""
        params = libpq_params(connection.settings_dict)
        pg_dump = postgres_program("pg_dump")
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            # The first statement of the transaction: the snapshot is exported from it, and it
            # stays valid for pg_dump as long as this transaction is open.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server_version = cursor.fetchone()
            rows = self.count_rows(connection, cursor)
            applied = sorted(
                f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
            )
            references = self.referenced_files(connection.alias)
            run_program(
                [pg_dump, "-Fc", "--no-password", f"--snapshot={snapshot}",
                 f"--file={folder / DATABASE_DUMP}"],
                params,
            )  # fmt: skip
        facts = {
            "connection": {key: params[key] for key in ("dbname", "host", "port") if key in params},
            "server_version": server_version,
            "pg_dump": run_program([pg_dump, "--version"], params).strip(),
            "dump": file_facts(folder / DATABASE_DUMP),
            "migrations": applied,
            "rows": rows,
        }
        return facts, references

    @staticmethod
    def count_rows(connection, cursor) -> dict[str, dict]:
        """Every table of the database (the apps' and the others': django_migrations…), with the
        model it stores when there is one."""
        models_by_table = {
            model._meta.db_table: model._meta.label
            for model in apps.get_models(include_auto_created=True)
        }
        rows = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows[table] = {"model": models_by_table.get(table), "rows": cursor.fetchone()[0]}
        return rows

    @staticmethod
    def referenced_files(alias: str) -> set[str]:
        names: set[str] = set()
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.FileField):
                    names.update(
                        model._base_manager.using(alias)
                        .exclude(**{field.attname: ""})
                        .exclude(**{f"{field.attname}__isnull": True})
                        .values_list(field.attname, flat=True)
                    )
        return names

    @staticmethod
    def archive_media(folder: Path, references: set[str]) -> dict:
        storage = storages["default"]
        if not isinstance(storage, FileSystemStorage):
            backend = f"{type(storage).__module__}.{type(storage).__qualname__}"
            return {
                "skipped": f"the uploaded files are in object storage ({backend}): they are "
                "protected by the provider's versioning and replication of the bucket, not by "
                "this backup."
            }
        root = Path(storage.location)
        archived = set()
        with tarfile.open(folder / MEDIA_ARCHIVE, "w") as archive:
            if root.is_dir():
                for path in sorted(root.rglob("*")):
                    if path.is_file() and not path.is_symlink():
                        name = path.relative_to(root).as_posix()
                        archive.add(path, arcname=name, recursive=False)
                        archived.add(name)
        return {
            **file_facts(folder / MEDIA_ARCHIVE),
            "root": str(root),
            "files": len(archived),
            "missing": sorted(references - archived),
        }

    def rotate(self, folder: Path, keep: int) -> None:
        complete = sorted(
            path
            for path in folder.iterdir()
            if path.is_dir() and FOLDER_NAME.match(path.name) and (path / MANIFEST).is_file()
        )
        for old in complete[:-keep]:
            shutil.rmtree(old)
            self.stdout.write(f"Removed the older backup {old}.")


def read_manifest(folder: Path) -> dict:
    """The manifest of a backup folder, refused when it is not one this code can restore."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise CommandError(f"{folder} is not a complete backup: {MANIFEST}: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        raise CommandError(
            f"{folder / MANIFEST} is not a backup manifest of format {MANIFEST_FORMAT}."
        )
    return manifest
