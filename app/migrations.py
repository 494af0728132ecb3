"""Workshop file format versions: upgrading the tables of older files to the current format.

A migration is a function turning the plain tables of format N (see `app.store`) into the
tables of format N + 1. When the format changes: bump `SCHEMA_VERSION`, register the
migration from the previous version in `MIGRATIONS`, record the first app version that
writes the new format in `FIRST_APP_VERSION_FOR_SCHEMA`, and add a test that loads a
hand-made file of the old format.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

Tables = dict[str, dict[str, dict[str, Any]]]

# The format this copy of the app writes, and the newest it reads.
SCHEMA_VERSION = 2

# The first Journey Workshop version that wrote each file format.
FIRST_APP_VERSION_FOR_SCHEMA: dict[int, str] = {1: "0.1.0", 2: "0.2.0"}


def _add_votes_table(tables: Tables) -> Tables:
    """Format 2 (Journey Workshop 0.2.0) adds dot votes: older workshops have none yet."""
    tables.setdefault("votes", {})
    return tables


# MIGRATIONS[N] turns the tables of format N into the tables of format N + 1.
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {1: _add_votes_table}


class MigrationMissingError(LookupError):
    """No migration is registered for a format this copy should be able to upgrade."""


def migrate(tables: Tables, from_version: int) -> Tables:
    """Upgrade `tables` of format `from_version` to `SCHEMA_VERSION`, one version at a time.

    Works on a deep copy, so the caller's tables stay as they were; after each step the
    meta record's `schema_version` says the version the tables now have.
    """
    if from_version >= SCHEMA_VERSION:
        return tables
    upgraded = copy.deepcopy(tables)
    for version in range(from_version, SCHEMA_VERSION):
        step = MIGRATIONS.get(version)
        if step is None:
            raise MigrationMissingError(
                f"no upgrade from file format {version} to {version + 1} is known"
            )
        upgraded = step(upgraded)
        for record in upgraded.get("meta", {}).values():
            record["schema_version"] = version + 1
    return upgraded
