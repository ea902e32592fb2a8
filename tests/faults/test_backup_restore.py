"""The restore drill: a backup of a site with members, topics and posts, events with RSVPs and
avatars (``seed_demo``), restored into a fresh database and media folder, holds the same members,
posts, RSVPs and avatar files; a damaged or altered backup, or a database that is not empty, is
refused; media in object storage are left to the provider. On a private cluster started (and
stopped) by the test, with its own pg_dump and pg_restore."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from core.management.commands import backup, restore

from .services import _postgres_bin

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.xdist_group("faults")

# The private cluster trusts every local connection and never asks for it: it is in the
# database's address only to show that it reaches neither the output nor the manifest.
PASSWORD = "never-shown-31415"

# What the drill compares, read through the models: members by e-mail, posts by text, RSVPs by
# event, member and answer, and the avatar files the members' profiles name.
SITE_CONTENT = """
import json
from django.contrib.auth import get_user_model
from events.models import Rsvp
from forums.models import Post
members = get_user_model().objects.all()
rsvps = Rsvp.objects.values_list("event__title", "event__starts_at", "member__email", "status")
avatars = members.values_list("avatar", "avatar_thumbnail")
print(json.dumps({
    "members": sorted(members.values_list("email", flat=True)),
    "posts": sorted(Post.objects.values_list("body", flat=True)),
    "rsvps": sorted([title, starts.isoformat(), email, answer] for title, starts, email, answer
                    in rsvps),
    "avatars": sorted(name for pair in avatars for name in pair if name),
}))
"""


def environment(database_url: str, media_root: Path) -> dict:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST", "PG"))},
        "DJANGO_SETTINGS_MODULE": "freelancehub.settings",
        "DEBUG": "1",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        # The client programs of the cluster's own version.
        "PG_BIN_DIR": str(Path(_postgres_bin("initdb")).resolve().parent),
    }


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def succeeds(env: dict, *args: str) -> subprocess.CompletedProcess:
    result = manage(env, *args)
    assert result.returncode == 0, f"manage.py {args[0]} failed:\n{result.stdout}{result.stderr}"
    return result


def site_content(env: dict) -> dict:
    return json.loads(succeeds(env, "shell", "-v0", "-c", SITE_CONTENT).stdout)


def row_of(label: str, report: str) -> list[str]:
    """The line of one table in restore's report, split into its columns."""
    [line] = [line for line in report.splitlines() if line.startswith(f"{label} ")]
    return line.split()


def copy_of(folder: Path, destination: Path) -> Path:
    shutil.copytree(folder, destination)
    return destination


def test_a_backup_restores_the_same_members_posts_rsvps_and_avatars(private_postgres, tmp_path):
    private_postgres.createdb("site")
    site_url = f"postgres://postgres:{PASSWORD}@127.0.0.1:{private_postgres.port}/site"
    site_media = tmp_path / "media"
    site = environment(site_url, site_media)
    succeeds(site, "migrate", "--no-input", "-v0")
    succeeds(site, "seed_demo")
    before = site_content(site)
    assert before["members"] and before["posts"] and before["rsvps"] and before["avatars"]

    backups = tmp_path / "backups"
    older = backups / "freelancehub-20200101T000000Z"
    older.mkdir(parents=True)
    (older / "manifest.json").write_text("{}")
    unrelated = backups / "notes"
    unrelated.mkdir()
    backed_up = succeeds(site, "backup", "--to", str(backups), "--keep", "1")

    [folder] = [path for path in backups.iterdir() if path.name.startswith("freelancehub-")]
    assert folder != older, "--keep 1 keeps the new backup only"
    assert unrelated.is_dir(), "--keep removes backups, nothing else"
    assert sorted(path.name for path in folder.iterdir()) == [
        "database.dump", "manifest.json", "media.tar",
    ]  # fmt: skip
    manifest_text = (folder / "manifest.json").read_text()
    assert PASSWORD not in backed_up.stdout + backed_up.stderr + manifest_text
    manifest = json.loads(manifest_text)
    assert manifest["database"]["rows"]["members_member"] == {
        "model": "members.Member",
        "rows": len(before["members"]),
    }
    assert manifest["media"]["missing"] == []

    private_postgres.createdb("restored")
    restored_url = private_postgres.url("restored")
    restored_media = tmp_path / "restored-media"
    restored_run = succeeds(
        site, "restore", str(folder), "--database-url", restored_url,
        "--media-root", str(restored_media),
    )  # fmt: skip
    members = len(before["members"])
    assert row_of("members.Member", restored_run.stdout) == [
        "members.Member",
        str(members),
        str(members),
    ]
    assert "tables hold the rows of the backup" in restored_run.stdout

    restored = environment(restored_url, restored_media)
    assert site_content(restored) == before
    for name in before["avatars"]:
        assert (restored_media / name).read_bytes() == (site_media / name).read_bytes(), name

    # Refused before anything changes: a database that is not empty, the configured database
    # without --yes-overwrite, a damaged dump.
    again = manage(site, "restore", str(folder), "--database-url", restored_url)
    assert again.returncode == 1
    assert "restore into an empty database" in again.stderr
    configured = manage(site, "restore", str(folder))
    assert configured.returncode == 1
    assert "--yes-overwrite" in configured.stderr
    damaged = copy_of(folder, tmp_path / "damaged")
    with (damaged / "database.dump").open("r+b") as dump:
        dump.seek(-100, os.SEEK_END)
        flipped = bytes(byte ^ 0xFF for byte in dump.read(20))
        dump.seek(-100, os.SEEK_END)
        dump.write(flipped)
    refused = manage(
        site, "restore", str(damaged), "--database-url", restored_url, "--yes-overwrite",
        "--media-root", str(restored_media),
    )  # fmt: skip
    assert refused.returncode == 1
    assert "database.dump is not the file the backup wrote" in refused.stderr

    # A restored database whose rows are not the backup's fails the drill, saying which.
    altered = copy_of(folder, tmp_path / "altered")
    altered_manifest = json.loads((altered / "manifest.json").read_text())
    altered_manifest["database"]["rows"]["members_member"]["rows"] += 1
    (altered / "manifest.json").write_text(json.dumps(altered_manifest))
    differs = manage(
        site, "restore", str(altered), "--database-url", restored_url, "--yes-overwrite",
        "--media-root", str(restored_media),
    )  # fmt: skip
    assert differs.returncode == 1
    assert row_of("members.Member", differs.stdout) == [
        "members.Member", str(members + 1), str(members), "DIFFERS",
    ]  # fmt: skip
    assert "the rows of members.Member differ from the backup" in differs.stderr
    assert site_content(restored) == before


def test_backups_refuse_sqlite(tmp_path):
    backups = tmp_path / "backups"
    refused = manage(
        environment(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path / "media"),
        "backup", "--to", str(backups),
    )  # fmt: skip
    assert refused.returncode == 1
    assert "not PostgreSQL" in refused.stderr
    assert not backups.exists()


def test_media_in_object_storage_are_left_to_the_provider(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    media = backup.Command.archive_media(tmp_path, {"avatars/1/a.png"})
    assert "versioning and replication" in media["skipped"]
    assert not (tmp_path / "media.tar").exists()
    assert restore.Command.media_target({"media": media}, None) is None

    # A backup of local files is not unpacked into object storage unless given a folder.
    local_media = {"file": "media.tar", "files": 3}
    with pytest.raises(CommandError, match="--media-root"):
        restore.Command.media_target({"media": local_media}, None)
    assert restore.Command.media_target({"media": local_media}, tmp_path) == tmp_path
