"""vigil: the static site generator of the coalition for Russia's political prisoners.

The package is in layers, one folder each, listed in LAYERS from the bottom up; a module
imports only from its own layer and the layers before it, and no import makes a cycle
(tests/unit/test_architecture.py walks every import, those inside functions and under
TYPE_CHECKING too):

    base      generic helpers: problems, memos, processes, atomic files
    model     the records and the domain's rules on them (custody, terms, timelines, figures)
    cache     the caches kept between builds
    load      reading and validating the site's files into the model
    media     photos, placeholders, share cards, QR codes, charts
    site      routes, views, the page context's base, languages, assets
    features  badges, calendars, statistics charts, corrections, open data, search
    pages     every page of the site, with its share tags and cards
    render    Jinja templates into bytes
    publish   the site onto disk, atomically, compressed
    build     the pipeline: load, check, make the pages, render, publish
    serve     serve.py: rebuild on every edit and show the site
    cli       cli.py: the commands
"""

LAYERS = ("base", "model", "cache", "load", "media", "site", "features", "pages", "render", "publish",
          "build", "serve", "cli")
