/* The search page: shows the form (the page says search needs JavaScript until then),
 * searches the index of the page's language with Pagefind's own API (/pagefind/pagefind.js,
 * made by the build from this site alone), and lists the results.
 *
 * Results are made with DOM methods and textContent: no text from the index is ever parsed
 * as HTML, except Pagefind's excerpt, whose <mark> tags are rebuilt one by one from an inert
 * document (everything else in it is taken as text). The query is kept in the address
 * (?q=...), so that a search can be linked and the back button returns to it.
 *
 * A person is shown as a small card: the name, the state in words and the count of days,
 * which the index keeps as a day to count from (it moves on each day, the index does not).
 * Their other spellings are in the index, never shown. Beside the words typed, the search
 * looks for their sound keys, which only names have in the index (vigil/spellings.py makes
 * them by the same rules: consonants, without h or j, doubled letters once): the people
 * whose name sounds like what was typed come first, so "Pichugen" and "Пичуген" find
 * Pichugin. When neither finds anything, the words with their last two letters off.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-search]");
  if (!root) { return; }
  var form = root.querySelector("[data-search-form]");
  var input = root.querySelector("[data-search-input]");
  var status = root.querySelector("[data-search-status]");
  var list = root.querySelector("[data-search-results]");
  var MAX_RESULTS = 30;
  var DAY_MS = 86400000;
  var KEY_MARK = "zq";
  var SHORTEST_KEY = 3;
  /* Cyrillic letters as Latin ones, for the sound keys: vowels and signs are left out by
   * the keys anyway (as the romanizations of vigil/spellings.py write the consonants) */
  var LATIN = { "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "ж": "zh", "з": "z",
                "к": "k", "л": "l", "м": "m", "н": "n", "п": "p", "р": "r", "с": "s",
                "т": "t", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch" };
  var pagefind = null;
  var latest = 0;
  var locale = root.getAttribute("data-locale") || undefined;
  var plurals = new Intl.PluralRules(locale);
  var numbers = new Intl.NumberFormat(locale);

  function words(name, query, count) {
    return (root.getAttribute("data-" + name) || "")
      .replace("{query}", query).replace("{count}", String(count));
  }

  function load() {
    if (!pagefind) {
      var bundle = root.getAttribute("data-bundle");
      pagefind = import(bundle + "pagefind.js").then(function (module) {
        return module.options({ bundlePath: bundle, baseUrl: root.getAttribute("data-base") })
          .then(function () { return module; });
      });
    }
    return pagefind;
  }

  /* Pagefind's excerpt: escaped text with <mark> around the words found. */
  function excerpt(html) {
    var p = document.createElement("p");
    p.className = "search-excerpt";
    var parsed = new DOMParser().parseFromString(html, "text/html");
    parsed.body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function soundKey(word) {
    var plain = word.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    var latin = Array.from(plain, function (ch) { return LATIN[ch] || ch; }).join("");
    var key = latin.replace(/x/g, "ks").replace(/w/g, "v").replace(/[^b-df-gk-np-tv-xz]/g, "")
      .replace(/(.)\1+/g, "$1");
    return key.length >= SHORTEST_KEY ? KEY_MARK + key : "";
  }

  /* The sound keys of a query's words ("zqpcgn"); "" when none is long enough. */
  function keysOf(query) {
    return (query.match(/\p{L}+/gu) || []).map(soundKey).filter(Boolean).join(" ");
  }

  /* The query's words without their last two letters (those of five letters or more). */
  function shortened(query) {
    var words = query.match(/\p{L}+/gu) || [];
    var short = words.map(function (w) { return w.length >= 5 ? w.slice(0, -2) : w; }).join(" ");
    return short !== words.join(" ") ? short : "";
  }

  /* Today in the site's time zone, as a day number (days since 1970-01-01). */
  function today() {
    var parts = new Intl.DateTimeFormat("en-US", { timeZone: root.getAttribute("data-tz") || "UTC",
      year: "numeric", month: "numeric", day: "numeric" }).formatToParts(new Date());
    var v = {};
    parts.forEach(function (p) { v[p.type] = +p.value; });
    return Math.round(Date.UTC(v.year, v.month - 1, v.day) / DAY_MS);
  }

  function dayNumber(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? Math.round(Date.UTC(+m[1], +m[2] - 1, +m[3]) / DAY_MS) : null;
  }

  /* "8,572 days in custody": the count kept (someone released or dead), or counted on from
   * the index's day (someone held: a date), as the profile's counter counts. */
  function countOf(kept) {
    var since = dayNumber(kept);
    var days = since !== null ? today() - since : (/^\d+$/.test(kept) ? parseInt(kept, 10) : null);
    if (days === null) { return ""; }
    var unit = root.getAttribute("data-unit-" + plurals.select(days)) || root.getAttribute("data-unit-other");
    return numbers.format(days) + "\u00a0" + unit;
  }

  /* the profile's data-pagefind-meta: "held 2003-06-18", "released 1945" */
  function custodyOf(result) {
    var m = /^(held|released|died) (\S+)$/.exec((result.meta && result.meta.custody) || "");
    return m ? { state: m[1], count: m[2] } : null;
  }

  function person(custody, li) {
    var state = custody.state;
    li.className = "search-person";
    var status = document.createElement("p");
    status.className = "status status-" + state;
    status.textContent = root.getAttribute("data-state-" + state) || "";
    li.appendChild(status);
    var count = countOf(custody.count);
    if (count) {
      var p = document.createElement("p");
      p.className = "search-count";
      p.textContent = count;
      li.appendChild(p);
    }
    return li;
  }

  function item(result) {
    var li = document.createElement("li");
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = result.url;
    link.textContent = (result.meta && result.meta.title) || result.url;
    heading.appendChild(link);
    li.appendChild(heading);
    /* a person: a card, without the excerpt (which would begin with the spellings) */
    var custody = custodyOf(result);
    if (custody) { return person(custody, li); }
    li.appendChild(excerpt(result.excerpt || ""));
    return li;
  }

  function show(query, results, near) {
    list.replaceChildren.apply(list, results.map(item));
    status.textContent = !results.length ? words("none", query, 0)
      : words(near ? "near" : "found", query, results.length);
  }

  function searched(module, query) {
    return query ? module.search(query).then(function (found) { return found.results; })
                 : Promise.resolve([]);
  }

  function loaded(results) {
    return Promise.all(results.slice(0, MAX_RESULTS).map(function (r) { return r.data(); }));
  }

  /* The pages whose text has one of the keys as a word: Pagefind, which finds a word by
   * its start and falls back on shorter starts, finds others besides. */
  function sounding(pages, keys) {
    var wanted = keys.split(" ");
    return pages.filter(function (page) {
      var words = (page.content || "").split(/\s+/);
      return wanted.some(function (key) { return words.indexOf(key) >= 0; });
    });
  }

  /* The people whose name sounds like the query, then what its words find, each once; else
   * what the shortened words find. `near`: nothing was found as typed. */
  function gathered(module, query) {
    var keys = keysOf(query);
    return Promise.all([searched(module, keys).then(loaded),
                        searched(module, query).then(loaded)]).then(function (both) {
      var seen = {};
      var pages = sounding(both[0], keys).concat(both[1]).filter(function (page) {
        return seen[page.url] ? false : (seen[page.url] = true);
      });
      if (pages.length) { return { pages: pages.slice(0, MAX_RESULTS), near: !both[1].length }; }
      return searched(module, shortened(query)).then(loaded).then(function (found) {
        return { pages: found, near: true };
      });
    });
  }

  function search(query) {
    var asked = ++latest;
    query = query.trim();
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    status.textContent = words("searching", query, 0);
    load().then(function (module) {
      return gathered(module, query);
    }).then(function (found) {
      if (asked === latest) { show(query, found.pages, found.near); }
    }).catch(function () {
      if (asked === latest) { status.textContent = words("failed", query, 0); }
    });
  }

  function remember(query) {
    var url = new URL(window.location.href);
    if (query) { url.searchParams.set("q", query); } else { url.searchParams.delete("q"); }
    window.history.replaceState(null, "", url.toString());
  }

  var waiting = null;
  input.addEventListener("input", function () {
    window.clearTimeout(waiting);
    waiting = window.setTimeout(function () {
      remember(input.value.trim());
      search(input.value);
    }, 250);
  });
  input.addEventListener("focus", function () { load(); }, { once: true });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(waiting);
    remember(input.value.trim());
    search(input.value);
  });

  root.querySelector("[data-search-without-script]").hidden = true;
  form.hidden = false;
  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked) {
    input.value = asked;
    search(asked);
  }
})();
