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
  // A form on a cached page fetches the visitor's own CSRF token, then posts where it says; without
  // this file it leads (by GET) to a page that carries the token itself.
  var tokenForms = document.querySelectorAll("form[data-csrf-url]");
  for (var f = 0; f < tokenForms.length; f++) {
    (function (form) {
      fetch(form.dataset.csrfUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (!data || !data.token) {
            return;
          }
          var input = document.createElement("input");
          input.type = "hidden";
          input.name = "csrfmiddlewaretoken";
          input.value = data.token;
          form.appendChild(input);
          form.method = "post";
          form.action = form.dataset.postAction;
        })
        .catch(function () {});
    })(tokenForms[f]);
  }
})();
