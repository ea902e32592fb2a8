// The event form shows only the fields of the chosen format (in person or online) and video
// source. Without JavaScript every field stays visible and the server ignores the unused ones.
(() => {
  "use strict";

  const form = document.querySelector(".event-form");
  if (!form) return;

  const checkedValue = (name) => {
    const checked = form.querySelector(`input[name="${name}"]:checked`);
    return checked ? checked.value : "";
  };

  const update = () => {
    const place = checkedValue("place");
    const source = checkedValue("video_source");
    form.querySelectorAll("[data-place]").forEach((group) => {
      group.hidden = place !== "" && group.dataset.place !== place;
    });
    form.querySelectorAll("[data-video-source]").forEach((group) => {
      group.hidden = group.dataset.videoSource !== source;
    });
  };

  form.addEventListener("change", update);
  update();
})();
