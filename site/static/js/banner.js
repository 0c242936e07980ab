// The home page's banner of top stories: without this file it is a row of slides that scrolls and
// snaps (swipe on a phone, the dots jump to a slide). This adds previous/next buttons, keeps the dots and
// the buttons in step with the slide on screen, and moves with the arrow keys. It never turns by itself.
(function () {
  "use strict";
  var banners = document.querySelectorAll("[data-banner]");
  Array.prototype.forEach.call(banners, function (banner) {
    var track = banner.querySelector(".banner-track");
    var slides = banner.querySelectorAll(".banner-slide");
    var dots = banner.querySelectorAll(".banner-dots a");
    var controls = banner.querySelector(".banner-controls");
    if (!track || slides.length < 2 || !controls) {
      return;
    }
    controls.hidden = false;
    var current = 0;

    function show(index) {
      current = (index + slides.length) % slides.length;
      track.scrollTo({ left: slides[current].offsetLeft - track.offsetLeft, behavior: "smooth" });
    }

    function mark(index) {
      current = index;
      Array.prototype.forEach.call(dots, function (dot, i) {
        if (i === index) {
          dot.setAttribute("aria-current", "true");
        } else {
          dot.removeAttribute("aria-current");
        }
      });
    }

    banner.querySelector(".banner-prev").addEventListener("click", function () { show(current - 1); });
    banner.querySelector(".banner-next").addEventListener("click", function () { show(current + 1); });
    Array.prototype.forEach.call(dots, function (dot, i) {
      dot.addEventListener("click", function (event) {
        event.preventDefault();
        show(i);
      });
    });
    track.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight") { show(current + 1); event.preventDefault(); }
      if (event.key === "ArrowLeft") { show(current - 1); event.preventDefault(); }
    });
    var pending = null;
    track.addEventListener("scroll", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(function () {
        mark(Math.round(track.scrollLeft / track.clientWidth));
      }, 80);
    });
  });
})();
