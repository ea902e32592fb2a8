// Keeps a local copy of what a member types in the forums' editors, so that a closed tab or an
// expired session loses nothing. The server also keeps a draft; this copy covers what it cannot.
(function () {
  "use strict";
  var PREFIX = "freelancehub:draft:";

  function storageAvailable() {
    try {
      window.localStorage.setItem(PREFIX + "probe", "1");
      window.localStorage.removeItem(PREFIX + "probe");
      return true;
    } catch (error) {
      return false;
    }
  }

  if (!storageAvailable()) {
    return;
  }

  // The copy every reply box once shared (its key had lost the topic): it may hold a reply
  // already sent, which would come back under any topic.
  window.localStorage.removeItem(PREFIX);

  // A message that was published comes back with a marker: its local copy can go.
  document.querySelectorAll("[data-draft-sent]").forEach(function (element) {
    window.localStorage.removeItem(PREFIX + element.getAttribute("data-draft-sent"));
  });

  document.querySelectorAll("form.composer[data-draft-key]").forEach(function (form) {
    var key = PREFIX + form.getAttribute("data-draft-key");
    var body = form.querySelector("textarea[name=body]");
    var title = form.querySelector("input[name=title]");
    if (!body) {
      return;
    }
    var saved = null;
    try {
      saved = JSON.parse(window.localStorage.getItem(key) || "null");
    } catch (error) {
      saved = null;
    }
    if (saved && !body.value.trim() && saved.body) {
      body.value = saved.body;
      if (title && !title.value.trim() && saved.title) {
        title.value = saved.title;
      }
      var notice = form.querySelector(".composer-restored");
      if (notice) {
        notice.hidden = false;
      }
    }
    function save() {
      var text = body.value;
      if (!text.trim() && !(title && title.value.trim())) {
        window.localStorage.removeItem(key);
        return;
      }
      window.localStorage.setItem(
        key,
        JSON.stringify({ body: text, title: title ? title.value : "", savedAt: Date.now() })
      );
    }
    form.addEventListener("input", save);
  });
})();
