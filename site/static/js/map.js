// Maps and the place picker (rongmei.maps). Without a tile server, or without this file, a place is its
// address, coordinates and map-app links, and the picker's coordinates stay empty (they are optional).
(function () {
  "use strict";
  var hasLeaflet = typeof window.L !== "undefined";

  function tileLayer(element) {
    return window.L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution || "", maxZoom: 18 });
  }

  function prepare(element) {
    if (element.dataset.images) {
      window.L.Icon.Default.imagePath = element.dataset.images;
    }
  }

  if (hasLeaflet) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-map]"), function (element) {
      var canvas = element.querySelector(".map-canvas");
      var point = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lng)];
      if (!canvas || isNaN(point[0]) || isNaN(point[1])) {
        return;
      }
      prepare(element);
      var map = window.L.map(canvas, { scrollWheelZoom: false }).setView(point, 16);
      tileLayer(element).addTo(map);
      window.L.marker(point, { title: element.dataset.label || "", keyboard: false }).addTo(map);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-location-picker]"), function (picker) {
    var lat = document.getElementById(picker.dataset.latInput);
    var lng = document.getElementById(picker.dataset.lngInput);
    var chosen = picker.querySelector("[data-chosen]");
    var actions = picker.querySelector(".location-actions");
    if (!lat || !lng) {
      return;
    }
    var map = null;
    var marker = null;

    function choose(latitude, longitude) {
      lat.value = latitude.toFixed(6);
      lng.value = longitude.toFixed(6);
      chosen.textContent = picker.dataset.chosenText + " " + lat.value + ", " + lng.value;
      if (map) {
        var point = [latitude, longitude];
        if (marker) { marker.setLatLng(point); } else { marker = window.L.marker(point).addTo(map); }
        map.setView(point, Math.max(map.getZoom(), 15));
      }
    }

    var canvas = picker.querySelector(".map-canvas");
    if (hasLeaflet && canvas && picker.dataset.tiles) {
      prepare(picker);
      var start = lat.value ? [parseFloat(lat.value), parseFloat(lng.value)] : [30.6, 104.06];
      map = window.L.map(canvas).setView(start, lat.value ? 15 : 11);
      tileLayer(picker).addTo(map);
      if (lat.value) { marker = window.L.marker(start).addTo(map); }
      map.on("click", function (event) { choose(event.latlng.lat, event.latlng.lng); });
    }
    actions.hidden = false;
    picker.querySelector("[data-locate]").addEventListener("click", function () {
      if (!navigator.geolocation) {
        chosen.textContent = picker.dataset.deniedText;
        return;
      }
      navigator.geolocation.getCurrentPosition(
        function (position) { choose(position.coords.latitude, position.coords.longitude); },
        function () { chosen.textContent = picker.dataset.deniedText; },
        { enableHighAccuracy: true, timeout: 10000 }
      );
    });
    picker.querySelector("[data-clear]").addEventListener("click", function () {
      lat.value = "";
      lng.value = "";
      chosen.textContent = "";
      if (marker) { map.removeLayer(marker); marker = null; }
    });
  });
})();
