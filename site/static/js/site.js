// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Disable a form's submit button once it is sent, so a double tap posts once.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.submitted) {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "1";
    var buttons = form.querySelectorAll("button[type=submit]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-disabled", "true");
    }
  });
})();
