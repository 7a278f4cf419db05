"""`make catalogs` (python -m vigil.site.catalogs): collect the interface strings into locales/messages.pot, then bring
every language's catalog, locales/<code>/LC_MESSAGES/messages.po, up to date with it.

A file is written only when what it says changes: run on unchanged templates, this
changes nothing (pybabel's own extract would stamp a new creation date on every file).
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from ..load.folders import PROJECT
from .i18n import DOMAIN, interface_messages

OPTIONS = {"width": 76, "include_lineno": False, "sort_by_file": True}


def template_catalog() -> Catalog:
    catalog = Catalog(project="vigil", copyright_holder="the coalition", fuzzy=True)
    for filename, _line, message, comments, *context in interface_messages(
            [PROJECT / "templates"], PROJECT / "babel.cfg"):
        # files without line numbers, as the catalogs show them: a message's place in the
        # file then moves only when the files it is used in change
        # (Babel types a location's line as an int, and writes None as no line at all)
        catalog.add(message, None, [(filename, None)], auto_comments=comments,  # type: ignore[list-item]
                    context=context[0] if context else None)
    return catalog


def as_bytes(catalog: Catalog, **options) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, **{**OPTIONS, **options})
    return buffer.getvalue()


def messages_of(catalog: Catalog) -> list:
    """What a catalog says, as the file shows it (files without line numbers)."""
    return sorted((repr(m.id), repr(m.context), repr(m.string or ""), sorted({file for file, _line in m.locations}),
                   sorted(m.flags), m.auto_comments) for m in catalog if m.id)


def write_if_changed(file: Path, data: bytes) -> bool:
    if file.is_file() and file.read_bytes() == data:
        return False
    file.write_bytes(data)
    return True


def main(locales: Path = PROJECT / "locales") -> int:
    """Update the catalogs under `locales` (the project's; a test passes a copy)."""
    pot_file = locales / f"{DOMAIN}.pot"
    template = template_catalog()
    if pot_file.is_file():
        with pot_file.open("rb") as stream:
            old = read_po(stream)
        if messages_of(old) == messages_of(template):
            template = old                      # same strings: keep its creation date
    changed = [pot_file] if write_if_changed(pot_file, as_bytes(template, omit_header=False)) else []
    for po_file in sorted(locales.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        code = po_file.parent.parent.name
        with po_file.open("rb") as stream:
            catalog = read_po(stream, locale=code)
        catalog.update(template, update_header_comment=False)
        if write_if_changed(po_file, as_bytes(catalog, ignore_obsolete=False)):
            changed.append(po_file)
    for file in changed:
        print(f"updated {file.relative_to(locales.parent)}")
    if not changed:
        print("the catalogs are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else PROJECT / "locales"))
