// The reading view's share button: the phone's share sheet where there is one, else copy the link.
// Without this file the link stays readable and selectable in its field.
(function () {
  "use strict";
  var button = document.querySelector("[data-share-url]");
  if (!button) {
    return;
  }
  var status = document.querySelector(".share-status");
  button.hidden = false;
  button.addEventListener("click", function () {
    var url = button.dataset.shareUrl;
    if (navigator.share) {
      navigator.share({ title: button.dataset.shareTitle, url: url }).catch(function () {});
      return;
    }
    var done = function () {
      if (status) {
        status.textContent = button.dataset.copied;
      }
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(done, function () {});
    } else {
      var field = document.getElementById("share-link");
      field.select();
      document.execCommand("copy");
      done();
    }
  });
})();
