/* The filter of the list of prisoners: choose a status, and only the cards of those people
 * stay shown, without loading another page (a category is a list of its own, a link away).
 * The page gives each card its status (data-status: held, released, died), and the words
 * "N people shown" for each plural form of its language (data-shown-one, -few, -many,
 * -other, with {count} for the number).
 *
 * The filter is in the page from the start, shown by the stylesheet only where scripts run
 * (@media (scripting: none) hides it): this script only listens, so nothing moves on load.
 */
(function () {
  "use strict";

  var filters = document.querySelector("[data-filters]");
  if (!filters) { return; }
  var cards = Array.prototype.slice.call(document.querySelectorAll(".cards [data-status]"));
  var statuses = filters.querySelectorAll("[data-filter-status]");
  var count = filters.querySelector("[data-filter-count]");
  var locale = filters.getAttribute("data-locale") || "en";
  var plurals = new Intl.PluralRules(locale);
  var number = new Intl.NumberFormat(locale);

  function chosenStatus() {
    for (var i = 0; i < statuses.length; i++) {
      if (statuses[i].checked) { return statuses[i].value; }
    }
    return "";
  }

  function shownWords(n) {
    var text = filters.getAttribute("data-shown-" + plurals.select(n)) ||
               filters.getAttribute("data-shown-other") || "{count}";
    return text.replace("{count}", number.format(n));
  }

  function apply() {
    var status = chosenStatus();
    var shown = 0;
    cards.forEach(function (card) {
      var fits = !status || card.getAttribute("data-status") === status;
      card.hidden = !fits;
      if (fits) { shown += 1; }
    });
    count.textContent = shownWords(shown);
  }

  for (var i = 0; i < statuses.length; i++) {
    statuses[i].addEventListener("change", apply);
  }
})();
