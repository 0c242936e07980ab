// Live Q&A sessions: while a session is live, ask the page's updates/ endpoint every five seconds for
// questions and answers released since the last answer, and put them in place, newest first.
// Without this script the page still shows everything released when it was loaded.
(function () {
  "use strict";
  var root = document.getElementById("qa-session");
  if (!root || !window.fetch) return;
  var list = root.querySelector("[data-qa-items]");
  var empty = root.querySelector("[data-qa-empty]");
  var status = root.querySelector("[data-qa-status]");
  var counter = root.querySelector("[data-qa-participants]");
  var url = root.dataset.updatesUrl;
  var cursor = root.dataset.cursor || "0";
  var INTERVAL = 5000;
  var timer = null;
  var failures = 0;

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function apply(item) {
    var existing = document.getElementById("qa-" + item.id);
    if (!item.public) {
      if (existing) existing.remove();
      return;
    }
    var element = fragment(item.html);
    if (!element) return;
    if (existing) {
      existing.replaceWith(element);
    } else {
      list.insertBefore(element, list.firstElementChild);
      element.classList.add("qa-new");
    }
  }

  function schedule() {
    // Back off while the server cannot answer, up to a minute.
    var delay = Math.min(INTERVAL * Math.pow(2, failures), 60000);
    timer = window.setTimeout(poll, document.hidden ? Math.max(delay, 30000) : delay);
  }

  function poll() {
    fetch(url + "?since=" + encodeURIComponent(cursor), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        failures = 0;
        if (status) status.textContent = "";
        cursor = String(data.cursor);
        // Items come oldest first, so each one inserted at the top leaves the newest first.
        data.items.forEach(apply);
        if (empty) empty.hidden = list.children.length > 0;
        if (counter) counter.textContent = data.participants;
        root.dataset.state = data.state;
        if (data.state === "archive") {
          // The session is over: reload once to show the archive (form closed) and stop polling.
          window.location.reload();
          return;
        }
        schedule();
      })
      .catch(function () {
        failures += 1;
        if (status && failures > 1) status.textContent = status.dataset.offline || "";
        schedule();
      });
  }

  if (root.dataset.state !== "archive") schedule();
})();
