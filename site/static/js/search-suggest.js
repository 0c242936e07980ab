// Suggestions under the header's search box: asks /<lang>/search/suggest/?q= as the visitor types.
(function () {
  "use strict";
  var input = document.getElementById("header-q");
  if (!input || !window.fetch) return;
  var form = input.form;
  var url = form.getAttribute("data-suggest-url");
  var list = document.createElement("ul");
  list.className = "search-suggestions";
  list.id = "header-q-suggestions";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  form.appendChild(list);
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-autocomplete", "list");
  var timer = null, last = "", controller = null;

  function close() { list.hidden = true; list.textContent = ""; }

  function show(items) {
    list.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.title;  // text, never HTML
      var type = document.createElement("small");
      type.textContent = item.type;
      a.appendChild(type);
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
  }

  input.addEventListener("input", function () {
    var q = input.value.trim();
    clearTimeout(timer);
    if (!q) { close(); return; }
    timer = setTimeout(function () {
      if (q === last) return;
      last = q;
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      fetch(url + "?q=" + encodeURIComponent(q), { signal: controller && controller.signal, headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) { if (input.value.trim() === q) show(data.suggestions || []); })
        .catch(function () {});
    }, 200);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") close();
    if (event.key === "ArrowDown" && !list.hidden) { event.preventDefault(); list.querySelector("a").focus(); }
  });
  list.addEventListener("keydown", function (event) {
    var item = document.activeElement.parentElement;
    if (event.key === "ArrowDown" && item.nextElementSibling) { event.preventDefault(); item.nextElementSibling.firstChild.focus(); }
    if (event.key === "ArrowUp") { event.preventDefault(); (item.previousElementSibling ? item.previousElementSibling.firstChild : input).focus(); }
    if (event.key === "Escape") { close(); input.focus(); }
  });
  document.addEventListener("click", function (event) { if (!form.contains(event.target)) close(); });
})();
