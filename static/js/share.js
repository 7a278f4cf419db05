/* "Copy link" among the share links, and "Copy code" of the embeddable counter. Without script it is a plain link to the page
 * itself; with it, a click puts the page's address on the clipboard and says so in a
 * status message, which screen readers announce. Where the clipboard is refused, the
 * message shows the address, to be selected and copied.
 */
(function () {
  "use strict";

  function statusFor(link) {
    var status = document.createElement("span");
    status.className = "share-status";
    status.setAttribute("role", "status");     // there before it speaks, so it is heard
    link.parentNode.appendChild(status);
    return status;
  }

  /* `text` onto the clipboard, then `shown`; where the clipboard is refused, `refused`. */
  function copy(text, shown, refused) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(shown, refused);
    } else {
      refused();
    }
  }

  function enhance(link) {
    var status = statusFor(link);
    link.addEventListener("click", function (event) {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
        return;                                  // a new tab or window: the link as it is
      }
      event.preventDefault();
      status.textContent = "";
      copy(link.href,
           function () { status.textContent = link.getAttribute("data-copied"); },
           function () { status.textContent = link.href; });
    });
  }

  /* "Copy code" beside the embeddable counter's HTML: hidden without script (the HTML is
   * there to select); with it, a click puts the text of the element it names on the
   * clipboard, or, where that is refused, selects it, to be copied by hand. */
  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function enhanceButton(button) {
    var source = document.getElementById(button.getAttribute("data-copy-from"));
    if (!source) {
      return;
    }
    var status = statusFor(button);
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = "";
      copy(source.textContent,
           function () { status.textContent = button.getAttribute("data-copied"); },
           function () { selectText(source); });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("a[data-copy-link]"), enhance);
  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy-from]"), enhanceButton);
})();
