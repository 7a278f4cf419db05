/* Days-in-custody counters: bring the number written at build time up to date on
 * the visitor's clock, and move it on at midnight in the site's time zone.
 *
 * The page gives each live counter its count (data-days), the date of that count
 * (data-as-of, YYYY-MM-DD), the site's time zone (data-tz), its locale (data-locale)
 * and the words for each plural form (data-unit-one, -few, -many, -other).
 * "Today" is the calendar date in the site's time zone: not the visitor's, not UTC.
 * Dates are handled as day numbers (days since 1970-01-01); a "YYYY-MM-DD" string is
 * never given to new Date(), which would read it as UTC midnight.
 */
(function () {
  "use strict";

  var DAY_MS = 86400000;
  var MAX_WAIT_MS = 3600000;   // look again at least hourly: clocks change, laptops sleep

  function dayNumber(year, month, day) {
    return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
  }

  function parseDay(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    return m ? dayNumber(+m[1], +m[2], +m[3]) : null;
  }

  /* The wall-clock date and time now in `timeZone` (its formatter made once). */
  var clocks = {};
  function nowIn(timeZone, now) {
    if (!clocks[timeZone]) {
      clocks[timeZone] = new Intl.DateTimeFormat("en-US", {
        timeZone: timeZone, hourCycle: "h23", year: "numeric", month: "numeric",
        day: "numeric", hour: "numeric", minute: "numeric", second: "numeric"
      });
    }
    var parts = clocks[timeZone].formatToParts(now);
    var v = {};
    parts.forEach(function (p) { v[p.type] = +p.value; });
    return { day: dayNumber(v.year, v.month, v.day),
             seconds: (v.hour % 24) * 3600 + v.minute * 60 + v.second };
  }

  function isoOf(day) {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  }

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  /* The formatters of a locale, made once and only when a count changes: making them is
     what costs time, and a list page has a counter on every card. */
  var formatters = {};
  function formattersFor(locale) {
    if (!formatters[locale]) {
      formatters[locale] = {
        numbers: new Intl.NumberFormat(locale),
        plurals: new Intl.PluralRules(locale),
        dates: new Intl.DateTimeFormat(locale,
          { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })
      };
    }
    return formatters[locale];
  }

  function Counter(el) {
    this.el = el;
    this.days = +el.getAttribute("data-days");
    this.asOf = parseDay(el.getAttribute("data-as-of"));
    this.timeZone = el.getAttribute("data-tz");
    this.locale = el.getAttribute("data-locale") || document.documentElement.lang || "en";
    this.shown = this.days;
  }

  /* The count today: never below the count written at build time. */
  Counter.prototype.countOn = function (today) {
    return this.days + Math.max(0, today - this.asOf);
  };

  Counter.prototype.unit = function (n, plurals) {
    var el = this.el;
    return el.getAttribute("data-unit-" + plurals.select(n)) || el.getAttribute("data-unit-other");
  };

  /* Show the count of `today`; the digit columns that are to roll are added to `rolling`. */
  Counter.prototype.show = function (today, rolling) {
    var n = this.countOn(today);
    if (n === this.shown) { return; }
    this.shown = n;
    var made = formattersFor(this.locale);
    var text = made.numbers.format(n);
    var unit = this.unit(n, made.plurals);
    setOdometer(this.el.querySelector(".odometer"), text, rolling);
    setText(this.el.querySelector("[data-counter-unit]"), unit);
    setText(this.el.querySelector("[data-counter-words]"), text + " " + unit);
    var date = this.el.querySelector("[data-counter-date]");
    if (date) {
      var day = Math.max(today, this.asOf);
      date.setAttribute("datetime", isoOf(day));
      date.textContent = made.dates.format(new Date(day * DAY_MS));
    }
  };

  function setText(el, text) {
    if (el) { el.textContent = text; }
  }

  function digitSpan(ch) {
    var span = document.createElement("span");
    span.className = "odo-digit";
    span.textContent = ch;
    return span;
  }

  /* The markup vigil/render.py writes: a tile (odo-col) for each digit, a narrow mark
     (odo-sep) for each separator, and a narrow gap (odo-sep odo-gap) for a space, such as
     the no-break space that groups thousands in Russian and Ukrainian. */
  function column(ch) {
    var span = document.createElement("span");
    if (/[0-9]/.test(ch)) {
      span.className = "odo-col";
      span.appendChild(digitSpan(ch));
    } else {
      span.className = /\s/.test(ch) ? "odo-sep odo-gap" : "odo-sep";
      span.textContent = ch;
    }
    return span;
  }

  /* The digits an odometer shows, the last first. */
  function digitsOf(odometer) {
    var cols = odometer.querySelectorAll(".odo-col");
    var found = [];
    for (var i = cols.length - 1; i >= 0; i--) {
      found.push(cols[i].lastChild ? cols[i].lastChild.textContent : "");
    }
    return found;
  }

  /* The columns for `text`, made anew. Digits are matched to the old ones by their place
     from the right, whatever the separators between: a digit that changes rolls up to its
     new value, and one the count gains (999 -> 1,000) rolls in from blank: each such column
     holds its old and new digit, and is added to `rolling`. */
  function setOdometer(odometer, text, rolling) {
    if (!odometer) { return; }
    var old = digitsOf(odometer);
    var still = reducedMotion();
    var place = text.replace(/[^0-9]/g, "").length;
    odometer.textContent = "";
    for (var i = 0; i < text.length; i++) {
      var col = odometer.appendChild(column(text[i]));
      if (col.className !== "odo-col") { continue; }
      place -= 1;
      var before = place < old.length ? old[place] : "";
      if (!still && before !== text[i]) {
        col.insertBefore(digitSpan(before), col.firstChild);
        rolling.push(col);
      }
    }
  }

  /* Roll every column of every counter at once: the page is laid out once, to start the
     transitions from the old digits, not once a column (a list page has dozens). */
  function roll(columns) {
    if (!columns.length) { return; }
    void document.body.offsetWidth;
    columns.forEach(function (col) { col.classList.add("odo-roll"); });
    window.setTimeout(function () {
      columns.forEach(function (col) {
        col.classList.remove("odo-roll");
        col.removeChild(col.firstChild);
      });
    }, 700);
  }

  function showAll(counters, today) {
    var rolling = [];
    counters.forEach(function (c) { c.show(today, rolling); });
    roll(rolling);
  }

  function start() {
    var els = document.querySelectorAll("[data-counter]");
    if (!els.length || !window.Intl) { return; }
    var counters = [];
    for (var i = 0; i < els.length; i++) { counters.push(new Counter(els[i])); }
    var timeZone = counters[0].timeZone;

    function tick() {
      var clock = new Date();
      var now = nowIn(timeZone, clock);
      showAll(counters, now.day);
      var untilMidnight = (86400 - now.seconds) * 1000 - clock.getMilliseconds() + 50;
      window.setTimeout(tick, Math.min(untilMidnight, MAX_WAIT_MS));
    }
    tick();
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) {
        showAll(counters, nowIn(timeZone, new Date()).day);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
