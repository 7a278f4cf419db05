/* "Copy link" among the share links. Without script it is a plain link to the page
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

  function enhance(link) {
    var status = statusFor(link);
    link.addEventListener("click", function (event) {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
        return;                                  // a new tab or window: the link as it is
      }
      event.preventDefault();
      status.textContent = "";
      var shown = function () { status.textContent = link.getAttribute("data-copied"); };
      var refused = function () { status.textContent = link.href; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(link.href).then(shown, refused);
      } else {
        refused();
      }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("a[data-copy-link]"), enhance);
})();
