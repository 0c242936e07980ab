// 在线抢购: the sale page is cached and the same for everyone, so everything that changes or is the
// visitor's own comes from the status endpoint, polled every few seconds (faster near the start): the
// stock left, the state, whether this visitor already has one. Buying posts with the visitor's own CSRF
// token, fetched from /csrf/ (never cached), and shows the JSON answer's message in the page's language.
(function () {
  "use strict";
  var root = document.querySelector("[data-flash-sale]");
  if (!root || !window.fetch) {
    return;
  }
  var button = root.querySelector("[data-buy]");
  var stateText = root.querySelector("[data-state]");
  var remaining = root.querySelector("[data-remaining]");
  var result = root.querySelector("[data-result]");
  var last = null;
  var busy = false;
  var timer = null;

  function text(name) {
    var node = root.querySelector("template[data-text-" + name + "]");
    return node ? node.innerHTML.trim() : "";
  }

  function show(message, won) {
    result.hidden = !message;
    result.textContent = message || "";
    result.classList.toggle("won", !!won);
  }

  function render(data) {
    last = data;
    remaining.textContent = data.remaining + " / " + data.stock;
    // the sale's own state, and why nobody can buy now; a buyer's own answer goes in the result box
    var why = data.state !== "open" && !data.order && !data.ok ? data.message : "";
    stateText.textContent = data.state_label + (why ? "：" + why : "");
    root.dataset.saleState = data.state;
    if (data.order) {
      button.disabled = true;
      button.textContent = text("won");
      show(text("won-code") + "：" + data.order.pickup_code + " · " + data.order.pickup_place, true);
      return;
    }
    if (data.state !== "open") {
      button.disabled = true;
      button.textContent = data.state_label;
      return;
    }
    button.disabled = busy;
    button.textContent = data.signed_in ? text("buy") : text("login");
  }

  function delay() {
    if (!last) {
      return 3000;
    }
    if (last.state === "upcoming") {
      var left = Date.parse(last.starts_at) - Date.parse(last.now);
      return left < 15000 ? 1000 : 5000;
    }
    return last.state === "open" ? 2000 : 15000;
  }

  function poll() {
    clearTimeout(timer);
    fetch(root.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) {
        return response.json();
      })
      .then(render)
      .catch(function () {})
      .then(function () {
        if (!last || last.state !== "ended") {
          timer = setTimeout(poll, delay());
        }
      });
  }

  function token() {
    return fetch(root.dataset.csrfUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json();
      })
      .then(function (data) {
        return data.token;
      });
  }

  button.addEventListener("click", function () {
    if (last && !last.signed_in) {
      window.location.href = root.dataset.loginUrl;
      return;
    }
    busy = true;
    button.disabled = true;
    token()
      .then(function (csrf) {
        return fetch(root.dataset.buyUrl, {
          method: "POST",
          credentials: "same-origin",
          headers: { Accept: "application/json", "X-CSRFToken": csrf },
        });
      })
      .then(function (response) {
        return response.json();
      })
      .then(function (data) {
        busy = false;
        if (data.state) {
          render(data);
        }
        show(data.message, data.ok);
      })
      .catch(function () {
        busy = false;
        show(text("error"));
        button.disabled = false;
      });
  });

  poll();
})();
