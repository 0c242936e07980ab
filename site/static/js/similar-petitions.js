// While a resident types a petition, the public petitions like it (GET /api/petitions/similar/), so they
// can add 同问 or a follow-up there instead of posting again. Progressive: without it the form works as is.
(function () {
  "use strict";
  var box = document.querySelector("[data-similar-url]");
  if (!box || !window.fetch) return;
  var form = box.closest("form");
  var title = form.querySelector("[name=title]");
  var content = form.querySelector("[name=content]");
  var topic = form.querySelector("[name=topic]");
  var list = box.querySelector("ul");
  var timer = null;
  var last = "";

  function value(name) {
    var field = form.querySelector("[name=" + name + "]");
    return field && field.value ? field.value : "";
  }

  function show(results) {
    list.textContent = "";
    results.forEach(function (row) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = row.url;
      link.textContent = row.number + " " + row.title;
      item.appendChild(link);
      item.appendChild(document.createTextNode(" · " + row.status_display));
      list.appendChild(item);
    });
    box.hidden = results.length === 0;
  }

  function ask() {
    var params = new URLSearchParams({ title: title.value.trim() });
    if (params.get("title").length < 2) return show([]);
    if (content && content.value) params.set("content", content.value.slice(0, 200));
    if (topic && topic.value) params.set("topic", topic.value);
    if (value("latitude") && value("longitude")) {
      params.set("lat", value("latitude"));
      params.set("lng", value("longitude"));
    }
    var query = params.toString();
    if (query === last) return;
    last = query;
    fetch(box.dataset.similarUrl + "?" + query, {
      headers: { Accept: "application/json", "Accept-Language": document.documentElement.lang || "zh-hans" },
    })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (query === last) show(data.results || []); })
      .catch(function () {});
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(ask, 400);
  }

  [title, content, topic].forEach(function (field) {
    if (field) field.addEventListener(field.tagName === "SELECT" ? "change" : "input", later);
  });
})();
