// Keeps the keyboard where the member was when htmx swaps the content holding the focused
// element (a like, a bookmark, an RSVP button answered by its new state): without this the
// browser drops focus to the start of the page and a keyboard user has to Tab all the way back.
// The element of the new content to focus is the one with the same data-focus-key, or the
// same id.
(function () {
  "use strict";
  var left = null;
  var selector = null;

  function selectorFor(element) {
    var key = element.getAttribute("data-focus-key");
    if (key) {
      return '[data-focus-key="' + CSS.escape(key) + '"]';
    }
    return element.id ? "#" + CSS.escape(element.id) : null;
  }

  document.addEventListener("htmx:beforeSwap", function () {
    var active = document.activeElement;
    left = active && active !== document.body ? active : null;
    selector = left ? selectorFor(left) : null;
  });

  document.addEventListener("htmx:afterSwap", function () {
    var focused = left;
    var wanted = selector;
    left = null;
    selector = null;
    // Nothing to do when the focused element stayed, or when focus already went somewhere on
    // purpose (an [autofocus] notice in the new content).
    var now = document.activeElement;
    if (!focused || !wanted || (now && now !== document.body)) {
      return;
    }
    var replacement = document.querySelector(wanted);
    if (replacement) {
      replacement.focus({ preventScroll: true });
    }
  });
})();
