"""The open data files (/data/*.json, *.csv and the JSON Schemas beside them), made from the
sample data as the build loads it: they validate against their own published schemas, say
what the model says, and read the same in a spreadsheet and in code."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conftest import copy_site
from vigil.build.pipeline import PROJECT, Folders, load
from vigil.features.opendata import open_data_files
from vigil.load.data import load_site
from vigil.load.schema import KEYWORDS, NOTES
from vigil.model.custody import custody_of
from vigil.model.records import CC_BY_4, Content, DataLicence, Text
from vigil.model.vocabulary import CATEGORIES, CUSTODY_KINDS, VALUES

AS_OF = dt.date(2026, 12, 7)          # the sample data was last verified that day
BOM = b"\xef\xbb\xbf"
PICHUGIN = "alexey-pichugin"


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Content:
    content, problems = load(Folders(PROJECT, tmp_path_factory.mktemp("cache")))
    assert content is not None and not [p for p in problems if not p.warning]
    return content


@pytest.fixture(scope="module")
def files(content) -> dict[str, bytes]:
    return dict(open_data_files(content, AS_OF))


def document(files: dict[str, bytes], name: str) -> dict:
    return json.loads(files[f"data/{name}.json"].decode("utf-8"))


def table(body: bytes) -> list[dict[str, str]]:
    assert body.startswith(BOM)
    return list(csv.DictReader(io.StringIO(body[len(BOM):].decode("utf-8"), newline="")))


def errors(schema: dict, instance: dict) -> list[str]:
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


# --------------------------------------------------------------------------- the files
def test_every_file_is_made_under_data(files):
    assert sorted(files) == [f"data/{name}" for name in (
        "members.csv", "members.json", "members.schema.json", "news.json", "news.schema.json",
        "prisoners.csv", "prisoners.json", "prisoners.schema.json")]


@pytest.mark.parametrize("name", ["prisoners", "members", "news"])
def test_each_document_is_valid_against_the_schema_published_beside_it(files, name):
    schema = document(files, f"{name}.schema")
    Draft202012Validator.check_schema(schema)
    assert errors(schema, document(files, name)) == []
    assert document(files, name)["schema"] == schema["$id"] == f"https://example.org/data/{name}.schema.json"


@pytest.mark.parametrize("name", ["prisoners", "members", "news"])
def test_each_document_states_its_date_licence_and_site(files, name):
    doc = document(files, name)
    assert doc["as_of"] == "2026-12-07"
    assert doc["licence"] == {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    assert doc["site"]["url"] == "https://example.org/"
    assert doc["site"]["languages"] == ["en", "ru", "uk"]
    assert doc["site"]["timezone"] == "Europe/Moscow"
    assert doc["site"]["title"]["ru"] == "Коалиция за освобождение политзаключённых Кремля"


def test_the_files_are_the_same_bytes_every_time(content, files, tmp_path):
    again, _ = load(Folders(PROJECT, tmp_path))
    assert dict(open_data_files(again, AS_OF)) == files


def test_json_is_utf8_with_sorted_keys_and_a_final_newline(files):
    for path, body in files.items():
        if path.endswith(".json"):
            text = body.decode("utf-8")
            assert text.endswith("}\n") and "\\u04" not in text      # Cyrillic as itself
            assert json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True,
                              separators=(",", ":")) + "\n" == text


# --------------------------------------------------------------------------- the schemas
def test_the_schemas_take_their_words_from_the_vocabularies(files):
    defs = document(files, "prisoners.schema")["$defs"]
    assert defs["prisoner"]["properties"]["categories"]["items"]["enum"] == list(CATEGORIES)
    assert defs["period"]["properties"]["kind"]["enum"] == list(CUSTODY_KINDS)
    released = defs["prisoner"]["properties"]["released"]["anyOf"][0]
    assert released["properties"]["how"]["enum"] == list(VALUES["release"])
    assert defs["custody"]["properties"]["status"]["enum"] == ["held", "released", "died"]
    assert sorted(defs["custody"]["properties"]["days_by_kind"]["properties"]) == sorted(CUSTODY_KINDS)


def broken(doc: dict, change) -> dict:
    doc = json.loads(json.dumps(doc))
    change(doc["prisoners"][0])
    return doc


@pytest.mark.parametrize("change, where", [
    (lambda p: p.pop("verified"), "prisoners/0: 'verified' is a required property"),
    (lambda p: p.update(born="2019-02-30"), "prisoners/0/born"),
    (lambda p: p["categories"].append("dissident"), "prisoners/0/categories/1"),
    (lambda p: p["computed"].update(status="free"), "prisoners/0/computed/status"),
    (lambda p: p["computed"]["days_by_kind"].update(prison=-1), "prisoners/0/computed/days_by_kind/prison"),
    (lambda p: p.update(released=None, died=None), "prisoners/0/computed/status"),
    (lambda p: p.update(nickname="Sasha"), "prisoners/0: Additional properties"),
    (lambda p: p["sources"][0].update(url="/prisoners/x/"), "prisoners/0/sources/0/url"),
])
def test_the_prisoners_schema_refuses_what_the_files_never_hold(files, change, where):
    doc = document(files, "prisoners")
    assert doc["prisoners"][0]["released"] is not None          # Skochilenko, released
    found = errors(document(files, "prisoners.schema"), broken(doc, change))
    assert any(e.startswith(where) for e in found), found


# --------------------------------------------------------------------------- prisoners
def test_every_prisoner_is_there_once_in_order_of_id(content, files):
    ids = [p["id"] for p in document(files, "prisoners")["prisoners"]]
    assert ids == sorted(p.id for p in content.prisoners)
    assert [row["id"] for row in table(files["data/prisoners.csv"])] == ids


def test_pichugins_days_are_custody_ofs(content, files):
    pichugin = next(p for p in content.prisoners if p.id == PICHUGIN)
    custody = custody_of(pichugin, AS_OF)
    record = next(p for p in document(files, "prisoners")["prisoners"] if p["id"] == PICHUGIN)
    assert record["computed"] == {
        "status": "held", "days_in_custody": custody.days, "current_kind": "prison",
        "days_by_kind": {"detention": dict(custody.by_kind)["detention"], "house-arrest": 0,
                         "prison": dict(custody.by_kind)["prison"], "psychiatric-hospital": 0},
        "first_day": "2003-06-19", "last_day": "2026-12-07"}
    assert custody.days == (AS_OF - dt.date(2003, 6, 19)).days       # one stay, no gap
    assert [p["computed"] for p in record["custody"]] == [
        {"end": "2008-01-31", "days": 1687, "ongoing": False},
        {"end": "2008-03-06", "days": 35, "ongoing": False},
        {"end": "2026-12-07", "days": custody.days - 1722, "ongoing": True}]
    row = next(r for r in table(files["data/prisoners.csv"]) if r["id"] == PICHUGIN)
    assert (row["days_in_custody"], row["days_prison"], row["status"], row["current_kind"]) == (
        str(custody.days), str(custody.days - 1687), "held", "prison")


def test_every_record_says_what_the_model_says(content, files):
    records = {p["id"]: p for p in document(files, "prisoners")["prisoners"]}
    rows = {r["id"]: r for r in table(files["data/prisoners.csv"])}
    for prisoner in content.prisoners:
        custody, record, row = custody_of(prisoner, AS_OF), records[prisoner.id], rows[prisoner.id]
        assert (record["computed"]["status"], record["computed"]["days_in_custody"]) == (custody.state, custody.days)
        assert (row["status"], row["days_in_custody"]) == (custody.state, str(custody.days))
        assert sum(record["computed"]["days_by_kind"].values()) == custody.days
        assert record["name"] == dict(prisoner.name.by_lang)
        assert record["categories"] == list(prisoner.categories)
        assert row["categories"] == ";".join(prisoner.categories)
        assert [s["url"] for s in record["sources"]] == [s.url for s in prisoner.sources]
        assert row["sources"].split(" ") == [s.url for s in prisoner.sources]
        assert [c["article"] for c in record["charges"]] == [c.article for c in prisoner.charges]
        assert record["verified"] == row["verified"] == prisoner.verified.isoformat()
        assert len(record["custody"]) == len(prisoner.custody)


def test_each_case_s_events_are_there_in_date_order_as_precisely_as_written(content, files):
    records = {p["id"]: p for p in document(files, "prisoners")["prisoners"]}
    pichugin = records[PICHUGIN]["events"]
    assert [e["date"] for e in pichugin] == ["2003-06-19", "2003-06-21", "2005-03-30", "2006-08", "2007-02",
                                             "2007-08-06", "2008-01-31", "2008-03-06", "2008-04-23", "2016-07",
                                             "2017-04-03", "2021-07", "2022-02"]
    assert pichugin[6] == {
        "date": "2008-01-31", "kind": "appeal",
        "text": {"en": "The Supreme Court upheld the life sentence.",
                 "ru": "Верховный суд оставил пожизненный приговор в силе.",
                 "uk": "Верховний суд залишив довічний вирок у силі."},
        "source": {"title": "Russia’s top court upholds life sentence verdict for ex-Yukos security chief",
                   "url": "https://tass.com/society/974555/amp", "date": None}}
    assert records["anastasia-shevchenko"]["events"][6]["date"] == "2022"
    for prisoner in content.prisoners:
        assert len(records[prisoner.id]["events"]) == len(prisoner.events)
    assert records["alexei-gorinov"]["events"] == []
    assert "events" not in table(files["data/prisoners.csv"])[0]       # the CSV's columns stay as they were


def test_an_event_s_date_and_kind_are_checked_by_the_schema(files):
    doc, schema = document(files, "prisoners"), document(files, "prisoners.schema")
    pichugin = next(n for n, p in enumerate(doc["prisoners"]) if p["id"] == PICHUGIN)
    for change, where in [({"date": "June 2003"}, "date"), ({"kind": "arrest"}, "kind"),
                          ({"text": {}}, "text")]:
        broken = json.loads(json.dumps(doc))
        broken["prisoners"][pichugin]["events"][0].update(change)
        found = errors(schema, broken)
        assert any(e.startswith(f"prisoners/{pichugin}/events/0/{where}") for e in found), found
    assert schema["$defs"]["event"]["properties"]["kind"]["enum"] == list(VALUES["event_kind"])


def test_released_and_dead_are_told_apart(files):
    records = {p["id"]: p for p in document(files, "prisoners")["prisoners"]}
    rows = {r["id"]: r for r in table(files["data/prisoners.csv"])}
    assert records["alexei-navalny"]["died"] == {"on": "2024-02-16"}
    assert records["alexei-navalny"]["computed"]["status"] == rows["alexei-navalny"]["status"] == "died"
    assert rows["alexei-navalny"]["died_on"] == rows["alexei-navalny"]["last_day"] == "2024-02-16"
    assert records["oleg-sentsov"]["released"] == {"on": "2019-09-07", "how": "exchange"}
    assert (rows["oleg-sentsov"]["released_on"], rows["oleg-sentsov"]["released_how"]) == ("2019-09-07", "exchange")
    assert rows["oleg-sentsov"]["current_kind"] == ""


def test_every_language_of_the_site_is_there(files):
    for record in document(files, "prisoners")["prisoners"]:
        assert sorted(record["name"]) == sorted(record["summary"]) == ["en", "ru", "uk"]
        assert record["page_url"] == {
            "en": f"https://example.org/prisoners/{record['id']}/",
            "ru": f"https://example.org/ru/prisoners/{record['id']}/",
            "uk": f"https://example.org/uk/prisoners/{record['id']}/"}
    for member in document(files, "members")["members"]:
        assert sorted(member["name"]) == ["en", "ru", "uk"]
    for post in document(files, "news")["news"]:
        assert sorted(post["title"]) == sorted(post["summary"]) == ["en", "ru", "uk"]


def test_a_missing_translation_is_left_out(content):
    lone = replace(content.prisoners[0], name=Text(MappingProxyType({"en": "Only English"})))
    changed = replace(content, prisoners=(lone, *content.prisoners[1:]))
    files = dict(open_data_files(changed, AS_OF))
    record = next(p for p in document(files, "prisoners")["prisoners"] if p["id"] == lone.id)
    assert record["name"] == {"en": "Only English"}
    row = next(r for r in table(files["data/prisoners.csv"]) if r["id"] == lone.id)
    assert (row["name_en"], row["name_ru"], row["name_uk"]) == ("Only English", "", "")
    assert errors(document(files, "prisoners.schema"), document(files, "prisoners")) == []


def test_the_counts_move_with_the_as_of_date(content, files):
    later = dict(open_data_files(content, AS_OF + dt.timedelta(days=1)))
    before = {p["id"]: p["computed"] for p in document(files, "prisoners")["prisoners"]}
    after = {p["id"]: p["computed"] for p in document(later, "prisoners")["prisoners"]}
    for pid, counted in after.items():
        grew = 1 if counted["status"] == "held" else 0
        assert counted["days_in_custody"] == before[pid]["days_in_custody"] + grew
    assert document(later, "prisoners")["as_of"] == "2026-12-08"


# --------------------------------------------------------------------------- CSV
def test_the_csv_opens_with_cyrillic_intact(files):
    body = files["data/prisoners.csv"]
    assert body.startswith(BOM)                  # Excel reads UTF-8 only with it
    assert body.count(b"\n") == body.count(b"\r\n") == len(document(files, "prisoners")["prisoners"]) + 1
    rows = table(body)
    assert next(r for r in rows if r["id"] == PICHUGIN)["name_ru"] == "Алексей Пичугин"
    assert next(r for r in rows if r["id"] == PICHUGIN)["name_uk"] == "Олексій Пічугін"
    assert list(rows[0]) == [
        "id", "name_en", "name_ru", "name_uk", "status", "as_of", "days_in_custody", "days_detention",
        "days_house_arrest", "days_prison", "days_psychiatric_hospital", "first_day", "last_day",
        "current_kind", "categories", "released_on", "released_how", "died_on", "born", "charges",
        "verified", "sources", "url"]
    assert {r["as_of"] for r in rows} == {"2026-12-07"}
    assert rows[0]["url"] == f"https://example.org/prisoners/{rows[0]['id']}/"


def test_csv_fields_with_commas_quotes_and_lines_come_back_whole(content):
    awkward = 'Ivan "Vanya" Petrov, junior\nsecond line'
    person = replace(content.prisoners[0], name=Text(MappingProxyType({"en": awkward, "ru": "Иван, «Ваня»"})))
    files = dict(open_data_files(replace(content, prisoners=(person,)), AS_OF))
    body = files["data/prisoners.csv"]
    assert b'"Ivan ""Vanya"" Petrov, junior\nsecond line"' in body     # RFC 4180 quoting
    (row,) = table(body)
    assert (row["name_en"], row["name_ru"]) == (awkward, "Иван, «Ваня»")


def test_the_members_csv(content, files):
    rows = table(files["data/members.csv"])
    assert list(rows[0]) == ["id", "name_en", "name_ru", "name_uk", "countries", "founding", "url"]
    assert [r["id"] for r in rows] == sorted(m.id for m in content.members)
    assert next(r for r in rows if r["id"] == "activatica")["name_ru"] == "Активатика"
    assert {r["founding"] for r in rows} <= {"true", "false"}
    assert files["data/members.csv"].count(b"\n") == files["data/members.csv"].count(b"\r\n")


# --------------------------------------------------------------------------- members, news
def test_members_and_facilitators(content, files):
    doc = document(files, "members")
    assert [m["id"] for m in doc["members"]] == sorted(m.id for m in content.members)
    assert [f["name"] for f in doc["facilitators"]] == [dict(f.name.by_lang) for f in content.facilitators]
    assert doc["page_url"]["uk"] == "https://example.org/uk/members/"


def test_news_names_its_prisoners_and_leaves_out_drafts_and_later_posts(content, files):
    (post,) = document(files, "news")["news"]
    assert post["slug"] == "2019-02-21-coalition-launch" and post["date"] == "2019-02-21"
    assert post["prisoners"][0] == PICHUGIN
    assert post["page_url"]["ru"] == "https://example.org/ru/news/2019-02-21-coalition-launch/"
    assert "body" not in post
    launch = content.news[0]
    later = replace(launch, slug="2026-12-08-hearing", date=dt.date(2026, 12, 8))
    draft = replace(launch, slug="2026-11-01-draft", date=dt.date(2026, 11, 1), draft=True)
    changed = dict(open_data_files(replace(content, news=(later, draft, launch)), AS_OF))
    assert [p["slug"] for p in document(changed, "news")["news"]] == [launch.slug]


# --------------------------------------------------------------------------- addresses, licence
def test_addresses_follow_the_base_url(content):
    files = dict(open_data_files(content, AS_OF, base_url="https://mirror.example/coalition"))
    record = document(files, "prisoners")["prisoners"][0]
    assert record["page_url"]["ru"] == f"https://mirror.example/coalition/ru/prisoners/{record['id']}/"
    assert document(files, "prisoners.schema")["$id"] == "https://mirror.example/coalition/data/prisoners.schema.json"
    assert errors(document(files, "prisoners.schema"), document(files, "prisoners")) == []


def test_a_source_on_this_site_is_given_its_full_address(content):
    person = content.prisoners[0]
    cited = replace(person.sources[0], url="/how-we-count/")
    person = replace(person, sources=(cited, *person.sources[1:]))
    files = dict(open_data_files(replace(content, prisoners=(person,)), AS_OF))
    assert document(files, "prisoners")["prisoners"][0]["sources"][0]["url"] == "https://example.org/how-we-count/"


def site_with_licence(tmp_path: Path, licence: str) -> Path:
    copy_site("project", tmp_path)
    with open(tmp_path / "data/site.yaml", "a", encoding="utf-8") as site:
        site.write(licence)
    return tmp_path


def test_the_licence_is_cc_by_unless_the_site_names_another(tmp_path, content):
    assert load_site(PROJECT)[0].data_licence == CC_BY_4
    folder = site_with_licence(tmp_path, "\ndata_licence:\n  name: ODbL 1.0\n"
                                         "  url: https://opendatacommons.org/licenses/odbl/1-0/\n")
    site, problems = load_site(folder)
    assert problems == []                                    # the build accepts the field
    assert site.data_licence == DataLicence("ODbL 1.0", "https://opendatacommons.org/licenses/odbl/1-0/")
    files = dict(open_data_files(replace(content, site=site), AS_OF))
    assert document(files, "news")["licence"] == {"name": "ODbL 1.0",
                                                  "url": "https://opendatacommons.org/licenses/odbl/1-0/"}


def test_a_licence_without_its_address_is_a_problem_at_its_line(tmp_path):
    folder = site_with_licence(tmp_path, "\ndata_licence:\n  name: CC BY 4.0\n")
    site, problems = load_site(folder)
    assert site is None
    assert [p.message for p in problems if p.where.path == "data/site.yaml"]


def test_the_licence_field_of_site_yaml_says_only_what_the_build_enforces(tmp_path):
    field = json.loads((PROJECT / "schema/site.schema.json").read_text(encoding="utf-8"))["properties"]["data_licence"]
    used = {*field, *(key for sub in field["properties"].values() for key in sub)}
    assert used <= KEYWORDS | NOTES
    # ... and editors, reading the same schema with jsonschema, accept what the build accepts
    folder = site_with_licence(tmp_path, "\ndata_licence: {name: CC BY 4.0, url: /licence/}\n")
    site = yaml.safe_load((folder / "data/site.yaml").read_text(encoding="utf-8"))
    schemas = [json.loads(f.read_text(encoding="utf-8")) for f in sorted((PROJECT / "schema").glob("*.json"))]
    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT202012)) for schema in schemas)
    editor = Draft202012Validator({"$ref": "site.schema.json"}, registry=registry)
    as_written = json.loads(json.dumps(site, default=str))          # dates as YAML writes them
    assert [e.message for e in editor.iter_errors(as_written)] == []
    assert load_site(folder)[1] == []


# --------------------------------------------------------------------------- on the site
def test_the_built_site_publishes_the_files_and_they_agree_with_its_pages(sample_site):
    """The JSON a visitor downloads, read back: valid against the schema beside it, and each
    person's count and status the ones their page shows, in every language."""
    from conftest import page
    data = json.loads((sample_site / "data/prisoners.json").read_bytes())
    schema = json.loads((sample_site / "data/prisoners.schema.json").read_bytes())
    assert errors(schema, data) == []
    assert data["as_of"] == "2026-12-07" and len(data["prisoners"]) == 22
    for person in data["prisoners"]:
        shown = person["computed"]
        for prefix in ("", "/ru", "/uk"):
            html = page(sample_site, f"{prefix}/prisoners/{person['id']}/")
            words = re.search(r'<span class="visually-hidden"[^>]*>([^<]*)</span></p>', html).group(1)
            assert re.sub(r"\D", "", words) == str(shown["days_in_custody"]), (prefix, person["id"])
            assert f'status-{shown["status"]}' in html
    assert (sample_site / "data/prisoners.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_the_open_data_page_links_every_file_in_every_language(sample_site):
    from conftest import page
    files = {f"/data/{f.name}" for f in (sample_site / "data").iterdir()}
    assert len(files) == 8
    for prefix in ("", "/ru", "/uk"):
        html = page(sample_site, f"{prefix}/open-data/")
        assert set(re.findall(r'href="(/data/[^"]+)"', html)) == files, prefix
        assert 'href="https://creativecommons.org/licenses/by/4.0/' in html
        assert f'href="{prefix}/how-we-count/"' in html


# --------------------------------------------------------------------------- the counting rule
def days_description(files: dict[str, bytes]) -> str:
    schema = json.loads(files["data/prisoners.schema.json"].decode("utf-8"))
    return schema["$defs"]["custody"]["properties"]["days_in_custody"]["description"]


def test_the_counting_rule_is_the_how_we_count_page_s_own_words(content, files):
    """The rule is written once, on the page: the schema takes it from there."""
    assert days_description(files).startswith(
        "Days in custody, counted as the site's page https://example.org/how-we-count/ says: ")
    assert "The day a person is detained is day 0, and the following day is day 1." in days_description(files)
    pages = tuple(replace(p, body="## Rule\n\nThe **first** day is day 0; see [how](/x/).\n")
                  if p.slug == "how-we-count" else p for p in content.pages)
    edited = dict(open_data_files(replace(content, pages=pages), AS_OF))
    assert days_description(edited).endswith(" says: The first day is day 0; see how.")


def test_without_the_page_the_schema_states_no_rule(content):
    pages = tuple(p for p in content.pages if p.slug != "how-we-count")
    assert days_description(dict(open_data_files(replace(content, pages=pages), AS_OF))) == "Days in custody."
