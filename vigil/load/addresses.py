"""The addresses a maintainer writes in the settings, checked for what their patterns in the
schema files cannot explain: an address that leads somewhere else than it seems to
(`https://example.org@evil.example/` is evil.example: what comes before '@' is a user name),
an e-mail address that adds recipients or headers to every message (`?cc=`, `?bcc=`), a
folder that leaves the repository (`..`). Each function gives what is wrong, in plain
words, or '' when nothing is. Pure: text in, text out."""
from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

EMAIL = re.compile(r"[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
FOLDER_PART = re.compile(r"[A-Za-z0-9_.-]+")


def user_name_problem(address: str) -> str:
    """An address with a user name ('name@' before the host) leads to the host after '@'."""
    netloc = urlsplit(address).netloc
    if "@" in netloc:
        host = netloc.rpartition("@")[2] or "another host"
        return (f"'{address}' has a part ending in '@' before its host, so it leads to {host}; "
                "write the address without it")
    return ""


def site_address_problem(address: str) -> str:
    """The site's or the repository's address: no user name, no query, no fragment."""
    if wrong := user_name_problem(address):
        return wrong
    parts = urlsplit(address)
    if parts.query or parts.fragment or "?" in address or "#" in address:
        return (f"'{address}' has a '?' or '#' part, which does not belong in this address; "
                "write it without")
    return ""


def email_problem(address: str) -> str:
    """An e-mail address, placed in mailto: links: the address alone, nothing that a mail
    program reads as more recipients or headers."""
    if "?" in address or "&" in address or "%" in address:
        return (f"'{address}' has more than the address ('?', '&' or '%' would add recipients or "
                "headers to every message sent to it, like ?cc= or ?bcc=); write the address alone")
    if not EMAIL.fullmatch(address):
        return (f"'{address}' is not an e-mail address like press@example.org (letters, digits, "
                "'.', '_', '+' and '-' before and after the '@')")
    return ""


def folder_problem(folder: str) -> str:
    """A folder inside the repository: names joined by '/', none of them '.' or '..'."""
    if "\\" in folder:
        return f"'{folder}' has a '\\'; separate folders with '/'"
    if folder.startswith("/") or re.match(r"[A-Za-z]:", folder):
        return f"'{folder}' starts at the top of a disk; write the folder from the repository's top, like site"
    names = folder.rstrip("/").split("/")
    if any(name in (".", "..") for name in names) or ".." in unquote(folder):
        return f"'{folder}' has a '.' or '..' part; write the folder from the repository's top, like site"
    if not all(FOLDER_PART.fullmatch(name) for name in names):
        return (f"'{folder}' is not a folder name like site or web/site (letters, digits, '.', "
                "'_' and '-', folders joined by '/')")
    return ""


# By the schema files' "format": the check each address gets before its pattern.
ADDRESS_CHECKS = {"x-address": site_address_problem, "x-link": user_name_problem,
                  "email": email_problem, "x-folder": folder_problem}
