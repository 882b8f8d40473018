/* "/" focuses the header search box on any page (search.html has its own handling in search.js).
 * Tiny on purpose: it loads nothing else; the index loads only on the search page. */
(function () {
  "use strict";
  var input = document.getElementById("site-search-input");
  if (!input || document.getElementById("search-app")) { return; }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });
}());
