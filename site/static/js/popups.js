// 定时弹窗: the pop-up notices showing on this page now (home.popups), one at a time, in a modal
// <dialog>, each no more often than its cap: once per visitor and once per day are kept in localStorage,
// once per visit in sessionStorage; where storage is refused, a notice is shown once on this page.
// Pages are cached for everyone, so the notices come from /popups/, never from the page itself. None on a
// page with the petition form (the site marks it `form.petition-form`).
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch || typeof HTMLDialogElement !== "function") {
    return;
  }
  if (document.querySelector("form.petition-form")) {
    return;
  }
  var memory = {};

  function storage(name) {
    try {
      var store = window[name];
      store.setItem("rongmei-popup-test", "1");
      store.removeItem("rongmei-popup-test");
      return store;
    } catch (error) {
      return null; // disabled, full, or a private mode that refuses it
    }
  }
  var stores = { local: storage("localStorage"), session: storage("sessionStorage") };

  function today() {
    var now = new Date();
    return now.getFullYear() + "-" + (now.getMonth() + 1) + "-" + now.getDate();
  }

  function place(notice) {
    return { store: notice.cap === "visit" ? stores.session : stores.local, key: "rongmei-popup-" + notice.id };
  }

  function wasSeen(notice) {
    var where = place(notice);
    var value = memory[where.key] || null;
    if (where.store) {
      try {
        value = where.store.getItem(where.key) || value;
      } catch (error) {}
    }
    if (!value) {
      return false;
    }
    return notice.cap === "daily" ? value === today() : true;
  }

  function markSeen(notice) {
    var where = place(notice);
    var value = notice.cap === "daily" ? today() : "seen";
    memory[where.key] = value;
    if (where.store) {
      try {
        where.store.setItem(where.key, value);
      } catch (error) {}
    }
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    for (var name in attributes) {
      node.setAttribute(name, attributes[name]);
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function show(queue, labels) {
    var notice = queue.shift();
    if (!notice) {
      return;
    }
    var id = "popup-" + notice.id;
    var dialog = element("dialog", {
      class: "popup popup-" + notice.kind,
      "aria-labelledby": id + "-title",
      "aria-describedby": id + "-body",
      "data-popup": String(notice.id),
    });
    dialog.appendChild(element("p", { class: "popup-kind" }, labels[notice.kind] || ""));
    dialog.appendChild(element("h2", { id: id + "-title", class: "popup-title" }, notice.title));
    dialog.appendChild(element("p", { id: id + "-body", class: "popup-body" }, notice.body));
    var actions = element("div", { class: "popup-actions" });
    if (notice.link) {
      var link = element("a", { href: notice.link.url, class: "button popup-link" }, notice.link.label);
      link.addEventListener("click", function () {
        markSeen(notice);
      });
      actions.appendChild(link);
    }
    var close = element("button", { type: "button", class: "button button-secondary popup-close" }, labels.close);
    close.addEventListener("click", function () {
      dialog.close();
    });
    actions.appendChild(close);
    dialog.appendChild(actions);
    var returnTo = document.activeElement;
    // Esc fires `cancel` and then closes; either way the notice counts as seen once it is closed
    dialog.addEventListener("close", function () {
      markSeen(notice);
      dialog.remove();
      if (returnTo && returnTo.isConnected && typeof returnTo.focus === "function" && returnTo !== document.body) {
        returnTo.focus();
      } else {
        var main = document.getElementById("main");
        if (main) {
          main.focus({ preventScroll: true });
        }
      }
      show(queue, labels);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    close.focus();
  }

  var query = "?path=" + encodeURIComponent(window.location.pathname) + "&lang=" + encodeURIComponent(document.documentElement.lang);
  fetch(script.dataset.endpoint + query, { credentials: "omit", headers: { Accept: "application/json" } })
    .then(function (response) {
      return response.ok ? response.json() : null;
    })
    .then(function (data) {
      if (!data || !data.notices) {
        return;
      }
      var queue = data.notices.filter(function (notice) {
        return !wasSeen(notice);
      });
      // urgent government information first, then campaigns, each in the server's order
      queue.sort(function (a, b) {
        return (a.kind === "urgent" ? 0 : 1) - (b.kind === "urgent" ? 0 : 1);
      });
      show(queue, data.labels || {});
    })
    .catch(function () {});
})();
