// The profile form's live preview shows a chosen photo at once. The live preview's requests
// leave the file out (hx-params on the form: sending it at each keystroke would upload it again
// and again), so the browser shows its own copy of the file through an object URL, and shows
// it again each time htmx swaps a new preview in. The server sees the file when the form is sent
// (“Preview” or “Save”), and from then on previews it itself.
(function () {
  "use strict";
  var chosenUrl = null;

  function showChosen() {
    var preview = document.getElementById("profile-preview");
    var current = preview && preview.querySelector(".avatar");
    if (!chosenUrl || !current) {
      return;
    }
    if (current.tagName !== "IMG") {
      var img = document.createElement("img");
      img.className = current.className;
      img.alt = "";
      img.width = 96;
      img.height = 96;
      current.replaceWith(img);
      current = img;
    }
    current.src = chosenUrl;
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches('#profile-form input[name="avatar_upload"]')) {
      return;
    }
    if (chosenUrl) {
      URL.revokeObjectURL(chosenUrl);
      chosenUrl = null;
    }
    var file = input.files && input.files[0];
    if (file && file.type.indexOf("image/") === 0) {
      chosenUrl = URL.createObjectURL(file);
    }
    showChosen();
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "profile-preview") {
      showChosen();
    }
  });
})();
