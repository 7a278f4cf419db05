"""Corrections: on each prisoner's page, "Report an inaccuracy" (a new issue in the site's
repository, its title and text filled in) and "See the record" (the record's line in
data/prisoners.yaml), where data/site.yaml names the repository (`repository`). Each kind
of host has its own addresses for both:

| host | new issue | a file's line |
| --- | --- | --- |
| GitHub | /issues/new?title=..&body=.. | /blob/BRANCH/FILE#L12 |
| GitLab | /-/issues/new?issue[title]=..&issue[description]=.. | /-/blob/BRANCH/FILE#L12 |
| Forgejo, Gitea (Codeberg) | /issues/new?title=..&body=.. | /src/branch/BRANCH/FILE#L12 |

The interface words here are in the catalogs with the templates' (i18n.interface_messages).
Pure: no files, no clock."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..base.problems import Location
from ..model.records import Repository
from ..site.routes import query_value

if TYPE_CHECKING:                    # data.py reads the setting: keep this module light
    from ..site.i18n import Language

def line_url(repo: Repository, where: Location) -> str:
    """The address of a line of a file of the site, on the repository's branch."""
    path = quote(repo.folder + where.path)
    branch = quote(repo.branch)
    anchor = f"#L{where.line}" if where.line else ""
    if repo.host == "gitlab":
        return f"{repo.url}/-/blob/{branch}/{path}{anchor}"
    if repo.host == "forgejo":
        return f"{repo.url}/src/branch/{branch}/{path}{anchor}"
    return f"{repo.url}/blob/{branch}/{path}{anchor}"


def new_issue_url(repo: Repository, title: str, body: str) -> str:
    """The address of a new issue with its title and text filled in."""
    if repo.host == "gitlab":            # Rails' names, brackets encoded as a query needs
        return (f"{repo.url}/-/issues/new?{query_value('issue[title]')}={query_value(title)}"
                f"&{query_value('issue[description]')}={query_value(body)}")
    return f"{repo.url}/issues/new?title={query_value(title)}&body={query_value(body)}"


@dataclass(frozen=True)
class Correction:
    """What a profile links for a correction: addresses finished (percent-encoded) here."""
    issue: str                       # a new issue, filled in
    record: str                      # the record's line in data/prisoners.yaml


def correction(repo: Repository | None, record: Location, name: str, prisoner_id: str,
               page: str, verified: dt.date, language: Language) -> Correction | None:
    """`page`: the profile's absolute address; None without a repository."""
    if repo is None:
        return None
    record_link = line_url(repo, record)
    title = language.gettext("Inaccuracy in the record of %(name)s (%(id)s)") % {
        "name": name, "id": prisoner_id}
    spot = f"{record.path}#L{record.line}" if record.line else record.path
    body = "\n".join((
        language.gettext("Page: %(address)s") % {"address": page},
        language.gettext("Record: %(link)s") % {"link": f"[{spot}]({record_link})"},
        language.gettext("Last verified on %(date)s.") % {"date": language.date(verified)},
        "",
        language.gettext("What is wrong, and what should it say? Please give the source "
                         "(a link) for the correct information."),
        "",
    ))
    return Correction(new_issue_url(repo, title, body), record_link)
