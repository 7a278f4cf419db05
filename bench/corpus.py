#!/usr/bin/env python3
"""A made-up, seeded corpus for the benchmark, in this project's format.

    python bench/corpus.py DIR --prisoners N --news M [--seed S]

Writes DIR/data/prisoners.yaml, DIR/data/members.yaml, DIR/content/news/*.md and the
three pages every page links to (content/pages/). bench.py adds data/site.yaml; the
python floor (bench/floor/build.py) reads the same files. The same arguments always give
the same bytes: one seeded random.Random for each kind of record, no clock. Every date
lies before 2026-11-01. The people, cases and texts are invented; the links point into
example.org, the domain kept for examples, since the corpus is never published.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
from pathlib import Path

import yaml

FIRST_DAY = dt.date(2008, 1, 1)
LAST_DAY = dt.date(2026, 10, 31)

# (Russian, English) spellings. Surnames in -ов, -ев, -ин take -а for a woman.
MEN = [("Алексей", "Alexey"), ("Андрей", "Andrei"), ("Антон", "Anton"), ("Борис", "Boris"),
       ("Вадим", "Vadim"), ("Виктор", "Viktor"), ("Владимир", "Vladimir"), ("Денис", "Denis"),
       ("Дмитрий", "Dmitry"), ("Евгений", "Evgeny"), ("Иван", "Ivan"), ("Игорь", "Igor"),
       ("Илья", "Ilya"), ("Кирилл", "Kirill"), ("Максим", "Maxim"), ("Михаил", "Mikhail"),
       ("Никита", "Nikita"), ("Олег", "Oleg"), ("Павел", "Pavel"), ("Роман", "Roman"),
       ("Сергей", "Sergei"), ("Тимур", "Timur"), ("Юрий", "Yury"), ("Руслан", "Ruslan"),
       ("Ринат", "Rinat"), ("Нариман", "Nariman")]
WOMEN = [("Анна", "Anna"), ("Валерия", "Valeria"), ("Дарья", "Darya"), ("Екатерина", "Ekaterina"),
         ("Елена", "Elena"), ("Ирина", "Irina"), ("Ксения", "Ksenia"), ("Мария", "Maria"),
         ("Надежда", "Nadezhda"), ("Ольга", "Olga"), ("Светлана", "Svetlana"), ("София", "Sofia"),
         ("Татьяна", "Tatyana"), ("Юлия", "Yulia"), ("Алсу", "Alsu"), ("Зарема", "Zarema")]
SURNAMES = [("Волков", "Volkov"), ("Соколов", "Sokolov"), ("Морозов", "Morozov"),
            ("Лебедев", "Lebedev"), ("Козлов", "Kozlov"), ("Новиков", "Novikov"),
            ("Павлов", "Pavlov"), ("Орлов", "Orlov"), ("Егоров", "Egorov"), ("Зайцев", "Zaitsev"),
            ("Белов", "Belov"), ("Тарасов", "Tarasov"), ("Гусев", "Gusev"), ("Фролов", "Frolov"),
            ("Титов", "Titov"), ("Жуков", "Zhukov"), ("Комаров", "Komarov"), ("Крылов", "Krylov"),
            ("Макаров", "Makarov"), ("Сорокин", "Sorokin"), ("Ильин", "Ilyin"), ("Карпов", "Karpov"),
            ("Никитин", "Nikitin"), ("Исаев", "Isaev"), ("Громов", "Gromov"), ("Ветров", "Vetrov"),
            ("Рябов", "Ryabov"), ("Щукин", "Shchukin"), ("Чернов", "Chernov"),
            ("Прохоров", "Prokhorov"), ("Дорофеев", "Dorofeev"), ("Шевченко", "Shevchenko"),
            ("Бондаренко", "Bondarenko"), ("Ковальчук", "Kovalchuk"), ("Мельник", "Melnyk"),
            ("Кравец", "Kravets"), ("Савченко", "Savchenko"), ("Асанов", "Asanov"),
            ("Умеров", "Umerov"), ("Сейтумеров", "Seitumerov"), ("Мустафаев", "Mustafaev"),
            ("Алиев", "Aliev"), ("Гаджиев", "Gadzhiev"), ("Хасанов", "Khasanov"),
            ("Галиев", "Galiev"), ("Ибрагимов", "Ibragimov"), ("Ким", "Kim"), ("Цой", "Tsoi"),
            ("Берг", "Berg")]
CITIES = [("Moscow", "Москва"), ("Saint Petersburg", "Санкт-Петербург"), ("Kazan", "Казань"),
          ("Ufa", "Уфа"), ("Yekaterinburg", "Екатеринбург"), ("Novosibirsk", "Новосибирск"),
          ("Simferopol", "Симферополь"), ("Krasnodar", "Краснодар"), ("Rostov-on-Don", "Ростов-на-Дону"),
          ("Khabarovsk", "Хабаровск"), ("Makhachkala", "Махачкала"), ("Perm", "Пермь"),
          ("Samara", "Самара"), ("Tomsk", "Томск"), ("Irkutsk", "Иркутск"), ("Pskov", "Псков")]
REGIONS = ["Mordovia", "Perm region", "Krasnoyarsk region", "Omsk region", "Tver region",
           "Vladimir region", "Orenburg region", "Komi Republic", "Kirov region", "Karelia"]
CATEGORIES = {"religious": 20, "ukrainian": 14, "civic-activist": 14, "anti-war": 14,
              "political-opponent": 8, "journalist": 8, "human-rights-defender": 6, "blogger": 6,
              "ethnic-minority": 5, "alleged-spy": 4, "business": 3, "lgbt": 2}
CHARGES = [("207.3(2)", "spreading 'knowingly false information' about the army"),
           ("280.3(1)", "'discrediting' the army, more than once"),
           ("282.2(1)", "organising a group banned as 'extremist'"),
           ("282.2(2)", "taking part in a group banned as 'extremist'"),
           ("205.2(2)", "'justifying terrorism' online"),
           ("205.5(2)", "taking part in a group banned as 'terrorist'"),
           ("275", "high treason"), ("276", "espionage"),
           ("284.1(1)", "taking part in an 'undesirable' organisation"),
           ("330.1(2)", "not meeting the duties of a 'foreign agent'"),
           ("212.1", "breaking the rules for protests, more than once"),
           ("159(4)", "fraud on a large scale"), ("354.1(3)", "'rehabilitating Nazism'")]
RELEASES = {"end-of-term": 40, "parole": 15, "exchange": 12, "amnesty": 8, "acquittal": 5,
            "pardon": 5, "charges-dropped": 5, "suspended-sentence": 5, "other": 5}
# The kinds of periods after the first (always detention), by how a case goes on.
CASE_PATHS = [([], 15), (["prison"], 45), (["house-arrest"], 8), (["house-arrest", "prison"], 12),
              (["prison", "prison"], 8), (["psychiatric-hospital"], 4), (["again"], 8)]
ORGS = [("Memorial", "memorial"), ("OVD-Info", "ovd-info"), ("Support for Political Prisoners", "support"),
        ("Crimean Solidarity", "crimean-solidarity"), ("Mediazona", "mediazona"),
        ("the Moscow Helsinki Group", "mhg")]
QUOTES = ["Я не признаю вину", "Я говорил то, что думаю, и буду говорить",
          "Спасибо всем, кто пишет мне письма", "Свобода слова — не преступление"]
REASONS = ["posts against the war", "a single picket", "prayer meetings at home",
           "reporting on the courts", "donations to a banned foundation", "work as a lawyer",
           "an interview with a foreign newspaper", "membership of an opposition party"]
JOBS = ["a schoolteacher", "an engineer", "a local reporter", "a paramedic", "a bookseller",
        "a pastor", "a student", "a municipal deputy", "a programmer", "a farmer"]
HEADINGS = ["In court", "The charges", "Conditions in custody", "What comes next", "How to help"]
TAGS = ["courts", "appeals", "letters", "prison conditions", "new cases", "releases",
        "statements", "crimea", "freedom of religion", "journalists"]


def choose(r: random.Random, weights: dict):
    return r.choices(list(weights), list(weights.values()))[0]


def day_between(r: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=r.randint(0, max(0, (last - first).days)))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --------------------------------------------------------------------------- people
def person_name(r: random.Random) -> tuple[str, str, bool]:
    """(English, Russian, is a woman)."""
    woman = r.random() < 0.2
    (given_ru, given_en), (sur_ru, sur_en) = r.choice(WOMEN if woman else MEN), r.choice(SURNAMES)
    if woman and sur_ru.endswith(("ов", "ев", "ин")):
        sur_ru, sur_en = sur_ru + "а", sur_en + "a"
    return f"{given_en} {sur_en}", f"{given_ru} {sur_ru}", woman


def custody_periods(r: random.Random) -> list[dict]:
    """A first detention, then the periods its case path adds, each later than the one
    before; 'again' is a release and a second arrest."""
    periods = [{"kind": "detention", "from": day_between(r, FIRST_DAY, LAST_DAY - dt.timedelta(days=30))}]
    for kind in r.choices(*zip(*CASE_PATHS, strict=True))[0]:
        start = periods[-1]["from"] + dt.timedelta(days=r.randint(20, 500))
        if kind == "again":
            periods[-1]["until"] = start
            kind, start = "detention", start + dt.timedelta(days=r.randint(30, 700))
        if start > LAST_DAY:
            periods[-1].pop("until", None)
            break
        periods.append({"kind": kind, "from": start})
    for period in periods:
        if r.random() < 0.7:
            period["place"] = place(r, period["kind"])
    return periods


def place(r: random.Random, kind: str) -> str | dict:
    city_en, city_ru = r.choice(CITIES)
    n = r.randint(1, 12)
    if kind == "detention":
        return {"en": f"Pre-trial detention centre No. {n}, {city_en}", "ru": f"СИЗО-{n}, {city_ru}"}
    if kind == "prison":
        return f"Penal colony IK-{n + r.randint(0, 30)}, {r.choice(REGIONS)}"
    if kind == "house-arrest":
        return f"At home, {city_en}"
    return f"Psychiatric hospital of a special type, {city_en}"


def prisoner(r: random.Random, pid: str, name_en: str, name_ru: str, woman: bool) -> dict:
    custody = custody_periods(r)
    first, last = custody[0]["from"], custody[-1]["from"]
    record = {"id": pid, "name": {"en": name_en, "ru": name_ru} if r.random() < 0.85 else name_en}
    if r.random() < 0.5:
        born = first - dt.timedelta(days=r.randint(19 * 365, 70 * 365))
        record["born"] = born if r.random() < 0.7 else born.year
    record["categories"] = list(dict.fromkeys(choose(r, CATEGORIES) for _ in range(r.choice([1, 1, 2]))))
    record["custody"] = custody
    ended = last
    if r.random() < 0.22:
        on = last + dt.timedelta(days=r.randint(60, 2500))
        if on <= LAST_DAY:
            record["released"] = {"on": on, "how": choose(r, RELEASES)}
            ended = on
    if r.random() < 0.85:
        record["charges"] = [{"article": a, "description": d} for a, d in r.sample(CHARGES, r.randint(1, 3))]
    if any(p["kind"] == "prison" for p in custody):
        years = r.randint(2, 22)
        record["sentence"] = r.choice([f"{years} years in a general-regime colony",
                                       f"{years} years in a strict-regime colony",
                                       f"{years} years and {r.randint(1, 11)} months in a colony"])
    record["summary"] = summary(r, name_en, woman)
    record["sources"] = [{"title": f"{org}: the case of {name_en}", "url": f"https://example.org/{path}/{pid}"}
                         for org, path in r.sample(ORGS, r.randint(1, 3))]
    record["verified"] = max(ended, LAST_DAY - dt.timedelta(days=r.randint(0, 150)))
    if "released" not in record:          # the newest news of where someone held now is
        record["last_reported"] = {"on": max(last, LAST_DAY - dt.timedelta(days=r.randint(0, 300))),
                                   "place": custody[-1].get("place") or place(r, custody[-1]["kind"]),
                                   "source": record["sources"][0]}
    return record


def sentences(r: random.Random, name: str, woman: bool) -> list[str]:
    """One of each kind of sentence about a person."""
    he, his = ("she", "her") if woman else ("he", "his")
    org, path = r.choice(ORGS)
    city = r.choice(CITIES)[0]
    return [
        f"{name} was detained in {city} after a search of {his} flat at six in the morning.",
        f"Investigators accuse {name} of {r.choice(CHARGES)[1]}.",
        f"According to [{org}](https://example.org/{path}/{r.randint(100, 99999)}), the case is a "
        f"reprisal for {r.choice(REASONS)}.",
        f"In court {he} said: «{r.choice(QUOTES)}».",
        f"Before the arrest {he} worked as {r.choice(JOBS)} in {city}.",
        f"The court in {city} refused bail in a hearing of {r.randint(5, 40)} minutes.",
        "The case rests on the evidence of *a secret witness*, which the defence calls invented.",
        f"Since the arrest {he} has been moved {r.randint(2, 7)} times between prisons.",
        "Lawyers have taken the case to the **European Court of Human Rights**.",
        f"{org} recognised {name} as a political prisoner in {r.randint(2012, 2026)}.",
        f"Letters reach {name} weeks late, and some never arrive.",
        f"A [campaign page](https://example.org/letters/{slug(name)}) collects letters of support.",
    ]


def paragraph(r: random.Random, name: str, woman: bool, length: int) -> str:
    return " ".join(r.sample(sentences(r, name, woman), length))


def summary(r: random.Random, name: str, woman: bool) -> str:
    return "\n\n".join(paragraph(r, name, woman, r.randint(2, 5)) for _ in range(r.randint(2, 4))) + "\n"


def prisoners(r: random.Random, count: int) -> tuple[list[dict], set[str]]:
    """The records, and the ids of the women among them (for the news' pronouns)."""
    records, taken, women = [], set(), set()
    for _ in range(count):
        name_en, name_ru, woman = person_name(r)
        pid, n = slug(name_en), 2
        while pid in taken:
            pid, n = f"{slug(name_en)}-{n}", n + 1
        taken.add(pid)
        if woman:
            women.add(pid)
        records.append(prisoner(r, pid, name_en, name_ru, woman))
    return records, women


# --------------------------------------------------------------------------- members
def members(r: random.Random, count: int) -> dict:
    kinds = ["Centre", "Foundation", "Committee", "Initiative", "Union", "Network"]
    aims = ["Civil Rights", "Free Speech", "Legal Aid", "Prisoners' Families", "Press Freedom",
            "Religious Freedom", "Historical Memory", "Fair Trials"]
    countries = ["UA", "GE", "LT", "LV", "EE", "PL", "DE", "CZ", "NL", "GB", "FR", "NO", "US", "CA"]
    names = sorted({f"{r.choice(kinds)} for {r.choice(aims)}" + (f", {r.choice(CITIES)[0]}" if r.random() < 0.4 else "")
                    for _ in range(count * 3)})
    chosen = sorted(r.sample(names, min(count, len(names))))
    found = [{"id": slug(n), "name": n, "countries": r.sample(countries, r.choice([1, 1, 2])),
              "url": f"https://example.org/members/{slug(n)}/", "founding": i < 12}
             for i, n in enumerate(chosen)]
    for member in found:
        if r.random() < 0.5:
            member["description"] = f"Works for {r.choice(aims).lower()} since {r.randint(1989, 2022)}."
    facilitators = [{"name": person_name(r)[0], "role": role} for role in ("Chair", "Coordinator", "Legal adviser")]
    return {"members": found, "facilitators": facilitators}


# --------------------------------------------------------------------------- news
def post(r: random.Random, day: dt.date, people: list[dict], women: set[str]) -> tuple[dict, str]:
    """(front matter, Markdown body): a post of 300-700 words; half of them name people on
    the list, the others someone who is not (yet) on it."""
    about = r.sample(people, min(len(people), r.randint(1, 3))) if people and r.random() < 0.5 else []
    who = about[0] if about else None
    if who:
        name, woman = (who["name"]["en"] if isinstance(who["name"], dict) else who["name"]), who["id"] in women
    else:
        name, _, woman = person_name(r)
    city = r.choice(CITIES)[0]
    title = r.choice([f"Court in {city} extends the arrest of {name}", f"Appeal of {name} rejected",
                      f"Hearing in the case of {name} adjourned", f"Letters to {name}",
                      f"{r.choice(ORGS)[0]} counts {r.randint(3, 60)} new political prisoners",
                      f"Statement on prison conditions in {r.choice(REGIONS)}",
                      f"Members of the coalition meet in {city}"])
    parts, words, target = [], 0, r.randint(300, 700)
    if who:
        parts.append(f"This post is about [{name}](/prisoners/{who['id']}/). " + paragraph(r, name, woman, 2))
    while words < target:
        roll = r.random()
        if roll < 0.15:
            parts.append(f"## {r.choice(HEADINGS)}\n\n" + paragraph(r, name, woman, 3))
        elif roll < 0.3:
            parts.append("\n".join(f"- {r.choice(CITIES)[0]}: {r.choice(REASONS)}" for _ in range(r.randint(3, 5))))
        else:
            parts.append(paragraph(r, name, woman, r.randint(3, 6)))
        words = sum(len(p.split()) for p in parts)
    front = {"title": title, "date": day, "summary": r.choice(sentences(r, name, woman)).replace("*", ""),
             "tags": r.sample(TAGS, r.randint(1, 3))}
    front["summary"] = re.sub(r"\[([^]]*)\]\([^)]*\)", r"\1", front["summary"])
    if about:
        front["prisoners"] = [p["id"] for p in about]
    return front, "\n\n".join(parts) + "\n"


def news(r: random.Random, count: int, people: list[dict], women: set[str]) -> dict[str, str]:
    """File name -> text of each post."""
    files = {}
    for day in sorted(day_between(r, FIRST_DAY, LAST_DAY) for _ in range(count)):
        front, body = post(r, day, people, women)
        base = f"{day.isoformat()}-{slug(front['title'])[:50].strip('-')}"
        name, n = f"{base}.md", 2
        while name in files:
            name, n = f"{base}-{n}.md", n + 1
        files[name] = document(front, body)
    return files


PAGES = {
    "about": ("About the coalition", "Organisations from several countries work together here for "
              "people jailed in Russia for their views, their faith or their work.\n"),
    "how-to-help": ("How to help", "Write a letter: a few kind lines matter more than a long one. "
                    "Come to a hearing, or give to a member's legal aid fund.\n"),
    "how-we-count": ("How we count", "A count is the number of days from the first detention, "
                     "day 0, adding up detention, house arrest and prison.\n"),
}


# --------------------------------------------------------------------------- files
class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Multi-line texts as literal blocks, the way a maintainer writes them; a value used
    twice is written twice (the data files take no YAML aliases)."""

    def ignore_aliases(self, data) -> bool:
        return True


Dumper.add_representer(str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s,
                                                           style="|" if "\n" in s else None))


def dump(value) -> str:
    return yaml.dump(value, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=10_000)


def document(front: dict, body: str) -> str:
    return f"---\n{dump(front)}---\n{body}"


def write_corpus(folder: Path, n_prisoners: int, n_news: int, seed: int) -> None:
    people, women = prisoners(random.Random(f"{seed}/prisoners"), n_prisoners)
    files = {"data/prisoners.yaml": dump(people),
             "data/members.yaml": dump(members(random.Random(f"{seed}/members"), min(40, 12 + n_prisoners // 500)))}
    files.update({f"content/news/{name}": text
                  for name, text in news(random.Random(f"{seed}/news"), n_news, people[:500], women).items()})
    files.update({f"content/pages/{name}.md": document({"title": title}, body)
                  for name, (title, body) in PAGES.items()})
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--prisoners", type=int, default=10_000)
    ap.add_argument("--news", type=int, default=2_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    write_corpus(args.folder, args.prisoners, args.news, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
