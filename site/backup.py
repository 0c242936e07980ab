"""Backups of a whole installation, its database and its media store, and their restore into an empty one.

``manage.py backup_site DIR`` writes into the new folder ``DIR``:

- ``database.dump`` (PostgreSQL, ``pg_dump``'s custom format) or ``database.sqlite3`` (SQLite, its online
  backup, safe while the site runs);
- ``media.tar``: every file of the media storage (pictures, petition photos, documents), read through
  Django's storage API, so a bucket of object storage is saved the same way as a folder;
- ``manifest.json``: what was saved — the rows of every model and each file's SHA-256 — for the check.

``manage.py restore_site DIR`` puts both back into an installation that holds no content yet (a new
database, or one just migrated), then checks it against the manifest; ``restore_site --check DIR`` only
compares. Restoring over content is refused: it would mix two sites.
"""

import hashlib
import json
import os
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection

MANIFEST = "manifest.json"
MEDIA = "media.tar"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    pass


# --- what an installation holds ----------------------------------------------------------------------


def media_files(storage=default_storage, folder=""):
    """The names of every file in ``storage``, folders first."""
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in sorted(folders):
        yield from media_files(storage, f"{folder}{name}/")
    for name in sorted(files):
        yield f"{folder}{name}"


def _digest(storage, name):
    sha = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            sha.update(chunk)
    return sha.hexdigest()


def row_counts():
    """``{model label: rows}`` of every concrete model whose table exists."""
    tables = set(connection.introspection.table_names())
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.managed and model._meta.db_table in tables
    }


def inventory(storage=default_storage):
    return {
        "engine": connection.vendor,
        "rows": row_counts(),
        "files": {name: _digest(storage, name) for name in media_files(storage)},
    }


def holds_content():
    """What makes the database not empty: petitions, or pages beyond the root and the first home page."""
    rows = row_counts()
    found = {
        label: rows.get(label, 0) - allowed
        for label, allowed in (("petitions.Petition", 0), ("wagtailcore.Page", 2))
        if rows.get(label, 0) > allowed
    }
    return found


def differences(manifest, storage=default_storage):
    """What the installation holds that the manifest does not say (empty when they agree)."""
    now = inventory(storage)
    problems = [
        f"{label}: {manifest['rows'].get(label)} saved, {now['rows'].get(label)} now"
        for label in sorted(set(manifest["rows"]) | set(now["rows"]))
        if manifest["rows"].get(label) != now["rows"].get(label)
    ]
    for name, digest in manifest["files"].items():
        if now["files"].get(name) != digest:
            problems.append(f"file {name}: {'changed' if name in now['files'] else 'missing'}")
    return problems


# --- the database --------------------------------------------------------------------------------


def _postgres_environment():
    settings = connection.settings_dict
    env = dict(os.environ)
    env.update(
        PGHOST=settings.get("HOST") or "",
        PGPORT=str(settings.get("PORT") or ""),
        PGUSER=settings.get("USER") or "",
        PGDATABASE=settings["NAME"],
    )
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return {name: value for name, value in env.items() if value != ""}


def _run(command):
    # the command and its arguments are ours: the PostgreSQL tools and paths this module chose
    result = subprocess.run(command, env=_postgres_environment(), capture_output=True, text=True)  # noqa: S603
    if result.returncode:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def dump_database(path):
    if connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(path)])
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        raise BackupError(f"no backup for the {connection.vendor} database")


def load_database(path):
    if connection.vendor == "postgresql":
        connection.close()
        _run(["pg_restore", "--no-owner", "--clean", "--if-exists", "--single-transaction", "-d",
              connection.settings_dict["NAME"], str(path)])  # fmt: skip
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        raise BackupError(f"no restore for the {connection.vendor} database")


# --- the whole installation ----------------------------------------------------------------------


def backup(folder, storage=default_storage):
    """Write the backup into ``folder`` (which must not exist yet); the manifest."""
    folder = Path(folder)
    if folder.exists():
        raise BackupError(f"{folder} already exists: back up into a new folder")
    if connection.in_atomic_block:
        # pg_dump reads only what is committed, while the manifest would count this transaction's rows; and
        # SQLite's backup of a shared in-memory database waits for ever on a transaction open in this process
        raise BackupError("a backup reads what is committed: run it outside a transaction")
    folder.mkdir(parents=True)
    manifest = inventory(storage)
    dump_database(folder / DUMPS[connection.vendor])
    with tarfile.open(folder / MEDIA, "w") as archive:
        for name in manifest["files"]:
            with storage.open(name, "rb") as handle:
                info = tarfile.TarInfo(name)
                info.size = storage.size(name)
                archive.addfile(info, handle)
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
    return manifest


def read_manifest(folder):
    path = Path(folder) / MANIFEST
    if not path.exists():
        raise BackupError(f"{folder} holds no backup ({MANIFEST} is missing)")
    return json.loads(path.read_text())


def restore(folder, storage=default_storage):
    """Restore the backup in ``folder`` into this empty installation; the differences left (none)."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"the backup is of a {manifest['engine']} database, this one is {connection.vendor}"
        )
    try:
        content = holds_content()
    except DatabaseError:
        content = {}
    if content:
        found = ", ".join(f"{rows} {label}" for label, rows in content.items())
        raise BackupError(f"this installation already holds content ({found}): restore into an empty one")
    load_database(folder / DUMPS[manifest["engine"]])
    with tarfile.open(folder / MEDIA) as archive:
        for member in archive:
            if not member.isfile():
                continue
            if member.name.startswith("/") or ".." in Path(member.name).parts:
                raise BackupError(f"{MEDIA} names a file outside the media store: {member.name}")
            if storage.exists(member.name):
                storage.delete(member.name)
            saved = storage.save(member.name, File(archive.extractfile(member), name=member.name))
            if saved != member.name:
                raise BackupError(f"the storage renamed {member.name} to {saved}")
    return differences(manifest, storage)
