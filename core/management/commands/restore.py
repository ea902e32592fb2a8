"""``manage.py restore FOLDER``: a backup of ``manage.py backup`` back into a database.

Into an empty database named by ``--database-url`` (made by ``createdb``: a restore drill, or a
new server), or into the configured database with ``--yes-overwrite`` (stop the app servers and
workers first). The uploaded files go to MEDIA_ROOT, or to ``--media-root``.

Before anything changes, it checks the files against the manifest's SHA-256 and refuses a
database or a media folder that is not empty unless ``--yes-overwrite`` says to replace what is
there. ``pg_restore`` runs in one transaction: a failure leaves the database as it was. Then it
prints, for every table, the rows of the backup next to the rows restored, and fails (exit
status 1) when any differs or when the applied migrations are not those of the backup.
"""

import tarfile
from pathlib import Path

import dj_database_url
import psycopg
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError
from psycopg import sql
from psycopg.conninfo import make_conninfo

from .backup import (
    DATABASE_DUMP,
    MEDIA_ARCHIVE,
    describe,
    file_facts,
    libpq_params,
    postgres_program,
    read_manifest,
    run_program,
)


class Command(BaseCommand):
    help = (
        "Restores a backup of manage.py backup (database and uploaded files), then compares "
        "the rows of every table with the backup's."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", type=Path, help="A backup folder, DIR/freelancehub-….")
        parser.add_argument(
            "--database-url",
            metavar="URL",
            help="Restore into this database (an empty one, made by createdb) rather than "
            "the configured one.",
        )
        parser.add_argument(
            "--media-root",
            type=Path,
            metavar="DIR",
            help="Put the uploaded files in this folder rather than in MEDIA_ROOT.",
        )
        parser.add_argument(
            "--yes-overwrite",
            action="store_true",
            help="Replace what the database and the media folder hold: needed to restore into "
            "the configured database, or into a database or media folder that is not empty.",
        )

    def handle(
        self,
        *,
        folder: Path,
        database_url: str | None,
        media_root: Path | None,
        yes_overwrite: bool,
        **options,
    ) -> None:
        manifest = read_manifest(folder)
        self.check_files(folder, manifest)
        params = self.target(database_url, yes_overwrite)
        media_target = self.media_target(manifest, media_root)

        tables = self.tables_in(params)
        if tables and not yes_overwrite:
            raise CommandError(
                f"The database {describe(params)} holds {tables} tables: restore into an empty "
                "database (createdb), or pass --yes-overwrite to replace them."
            )
        media_in_place = media_target and media_target.is_dir() and any(media_target.iterdir())
        if media_in_place and not yes_overwrite:
            raise CommandError(
                f"The media folder {media_target} is not empty: give another one with "
                "--media-root, or pass --yes-overwrite to write over its files."
            )

        run_program(
            [
                postgres_program("pg_restore"),
                "--clean",
                "--if-exists",
                # The restoring role owns what it creates: the backup's roles need not exist here.
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--no-password",
                # The connection without its password, which travels in PGPASSWORD.
                "--dbname=" + make_conninfo(**{k: v for k, v in params.items() if k != "password"}),
                str(folder / DATABASE_DUMP),
            ],
            params,
        )
        self.stdout.write(
            f"Restored {folder} (backup of {manifest['created_at']}) into the database "
            f"{describe(params)}."
        )
        if media_target:
            media_target.mkdir(parents=True, exist_ok=True)
            with tarfile.open(folder / MEDIA_ARCHIVE) as archive:
                # "data": only plain files and folders, nothing written outside the target.
                archive.extractall(media_target, filter="data")
            self.stdout.write(f"Media: {manifest['media']['files']} files into {media_target}.")
        else:
            self.stdout.write(f"Media: none in this backup: {manifest['media']['skipped']}")

        self.compare(params, manifest)

    @staticmethod
    def check_files(folder: Path, manifest: dict) -> None:
        expected = [manifest["database"]["dump"]]
        if "skipped" not in manifest["media"]:
            expected.append(manifest["media"])
        for facts in expected:
            path = folder / facts["file"]
            if not path.is_file():
                raise CommandError(f"{path} is missing: this backup is incomplete.")
            found = file_facts(path)
            if (found["bytes"], found["sha256"]) != (facts["bytes"], facts["sha256"]):
                raise CommandError(
                    f"{path} is not the file the backup wrote (size or SHA-256 differs): "
                    "it is damaged; restore another backup."
                )

    @staticmethod
    def target(database_url: str | None, yes_overwrite: bool) -> dict[str, str]:
        if database_url:
            database = dj_database_url.parse(database_url)
        elif yes_overwrite:
            database = settings.DATABASES["default"]
        else:
            raise CommandError(
                "Restoring into the configured database replaces everything in it: pass "
                "--yes-overwrite (after stopping the app servers and workers), or restore into "
                "another database with --database-url."
            )
        if database["ENGINE"] != "django.db.backends.postgresql":
            raise CommandError("Backups restore into PostgreSQL only.")
        params = libpq_params(database)
        if "dbname" not in params:
            raise CommandError("The target database has no name.")
        return params

    @staticmethod
    def media_target(manifest: dict, media_root: Path | None) -> Path | None:
        if "skipped" in manifest["media"]:
            return None
        if media_root:
            return media_root
        storage = storages["default"]
        if not isinstance(storage, FileSystemStorage):
            raise CommandError(
                "The backup's uploaded files are local files, and the uploads now go to object "
                "storage: unpack them with --media-root DIR, then copy DIR to the bucket."
            )
        return Path(storage.location)

    @staticmethod
    def tables_in(params: dict[str, str]) -> int:
        with psycopg.connect(**params, autocommit=True) as connection:
            return connection.execute(
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
            ).fetchone()[0]

    def compare(self, params: dict[str, str], manifest: dict) -> None:
        backed_up = manifest["database"]["rows"]
        with psycopg.connect(**params, autocommit=True) as connection:
            present = {
                name
                for (name,) in connection.execute(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = ANY (current_schemas(false))"
                )
            }
            restored = {
                table: connection.execute(
                    sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
                ).fetchone()[0]
                if table in present
                else None
                for table in backed_up
            }
            migrations = (
                sorted(
                    f"{app}.{name}"
                    for app, name in connection.execute("SELECT app, name FROM django_migrations")
                )
                if "django_migrations" in present
                else []
            )

        labels = {table: facts["model"] or table for table, facts in backed_up.items()}
        width = max(len(label) for label in labels.values())
        self.stdout.write(f"{'Rows of':<{width}}  {'backup':>9}  {'restored':>9}")
        differing = []
        for table in sorted(backed_up, key=labels.get):
            expected, found = backed_up[table]["rows"], restored[table]
            shown = "missing" if found is None else found
            if found != expected:
                differing.append(labels[table])
            self.stdout.write(
                f"{labels[table]:<{width}}  {expected:>9}  {shown:>9}"
                + ("" if found == expected else "  DIFFERS")
            )
        problems = []
        if differing:
            problems.append(f"the rows of {', '.join(differing)} differ from the backup")
        if migrations != manifest["database"]["migrations"]:
            problems.append("the applied migrations are not those of the backup")
        if problems:
            raise CommandError("; ".join(problems) + ".")
        self.stdout.write(f"All {len(backed_up)} tables hold the rows of the backup.")
