/* The search page: shows the form (the page says search needs JavaScript until then),
 * searches the index of the page's language with Pagefind's own API (/pagefind/pagefind.js,
 * made by the build from this site alone), and lists the results.
 *
 * Results are made with DOM methods and textContent: no text from the index is ever parsed
 * as HTML, except Pagefind's excerpt, whose <mark> tags are rebuilt one by one from an inert
 * document (everything else in it is taken as text). The query is kept in the address
 * (?q=...), so that a search can be linked and the back button returns to it.
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
  var pagefind = null;
  var latest = 0;

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

  function item(result) {
    var li = document.createElement("li");
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = result.url;
    link.textContent = (result.meta && result.meta.title) || result.url;
    heading.appendChild(link);
    li.appendChild(heading);
    li.appendChild(excerpt(result.excerpt || ""));
    return li;
  }

  function show(query, results) {
    list.replaceChildren.apply(list, results.map(item));
    status.textContent = results.length ? words("found", query, results.length)
                                        : words("none", query, 0);
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
      return module.search(query);
    }).then(function (found) {
      return Promise.all(found.results.slice(0, MAX_RESULTS).map(function (r) { return r.data(); }));
    }).then(function (results) {
      if (asked === latest) { show(query, results); }
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
