// A conversation's page asks for new messages every 10 seconds (htmx, #message-poller) only
// while it is visible: a hidden tab asks nothing, and asks at once when it shows again.
(() => {
  "use strict";

  document.addEventListener("htmx:beforeRequest", (event) => {
    if (event.target.id === "message-poller" && document.visibilityState !== "visible") {
      event.preventDefault();
    }
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") {
      document.dispatchEvent(new Event("messages-visible"));
    }
  });
})();
