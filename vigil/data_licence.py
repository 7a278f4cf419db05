"""The licence of the open data files: `data_licence: {name, url}` in data/site.yaml, or
CC BY 4.0 when the site does not say. Read here, beside data.load_site (which validates the
same file against the same schema and reports its problems), until SiteConfig carries it."""
from __future__ import annotations

from pathlib import Path
from typing import Mapping

from .cache import ParsedCache
from .data import is_clean, load_validated
from .opendata import CC_BY_4, DataLicence


def licence_of(site: Mapping) -> DataLicence:
    """The licence a valid data/site.yaml names, as read; the default when it names none."""
    raw = site.get("data_licence")
    if not isinstance(raw, dict) or not is_clean(raw):
        return CC_BY_4
    return DataLicence(raw["name"], raw["url"])


def load_data_licence(folder: Path, parsed: ParsedCache | None = None) -> DataLicence:
    """The licence of `folder`'s data. A file that cannot be read gives the default: its
    problems are load_site's to report, and they stop the build."""
    validated = load_validated(folder, "data/site.yaml", "site.schema.json", parsed=parsed)
    site = validated.value if validated is not None else None
    return licence_of(site) if isinstance(site, dict) else CC_BY_4
