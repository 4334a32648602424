/* The resident's place picker, an enhancement of a form that works without it:
   - the address field becomes a combobox over /api/v1/places/suggestions (arrow keys, Enter, Escape);
   - "使用我的位置" (shown only with geolocation) asks /api/v1/places/nearest for the place at the phone;
   - on the district's form, a Leaflet map of its grids and buildings (GeoJSON): a tap places the pin.
   A place found fills the hidden lat/lon (WGS-84), the grid and, if still empty, the address. */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" }).then(function (r) {
      return r.json().then(function (body) { if (!r.ok) { throw body; } return body; });
    });
  }
  function query(params) {
    return Object.keys(params).filter(function (k) { return params[k] !== undefined && params[k] !== ""; })
      .map(function (k) { return encodeURIComponent(k) + "=" + encodeURIComponent(params[k]); }).join("&");
  }
  function reason(error, fallback) {
    return (error && error.error && error.error.message_zh) || fallback;
  }

  /* --- the address combobox --- */
  function combobox(input) {
    var list = $("address-options"), status = $("address-status"), found = [], active = -1, timer = null, asked = 0;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    function close() {
      list.hidden = true; list.innerHTML = ""; active = -1;
      input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant");
    }
    function mark(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (li, i) { li.setAttribute("aria-selected", i === index ? "true" : "false"); });
      if (index >= 0) { input.setAttribute("aria-activedescendant", list.children[index].id); }
    }
    function choose(index) {
      var s = found[index];
      input.value = s.address;
      close();
      status.textContent = "已选择:" + s.address;
      var grid = $("grid_code");
      if (grid && s.grid_code) { grid.value = s.grid_code; }
    }
    function show(items) {
      found = items; list.innerHTML = "";
      items.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = "address-option-" + i; li.setAttribute("role", "option"); li.setAttribute("aria-selected", "false");
        li.textContent = s.address + (input.dataset.district ? "" : "(" + s.district_name + ")");
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
      status.textContent = items.length ? "有" + items.length + "个地址提示,可用上下方向键选择" : "";
      active = -1;
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (!text) { close(); return; }
      timer = setTimeout(function () {
        var mine = ++asked;
        getJSON(input.dataset.suggest + "?" + query({ q: text, district: input.dataset.district }))
          .then(function (body) { if (mine === asked) { show(body.suggestions); } })
          .catch(function () { close(); });
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) { return; }
      if (e.key === "ArrowDown") { e.preventDefault(); mark((active + 1) % found.length); }
      else if (e.key === "ArrowUp") { e.preventDefault(); mark((active - 1 + found.length) % found.length); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(active); }
      else if (e.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  /* --- filling the district's form from a place --- */
  function fill(place, said) {
    $("lat").value = place.lat; $("lon").value = place.lon;
    var grid = $("grid_code"), address = $("address");
    if (grid && place.grid_code) { grid.value = place.grid_code; }
    if (address && !address.value.trim() && place.address) { address.value = place.address; }
    said.textContent = "已记录位置" + (place.community ? ":" + place.community : "") +
      (place.address ? ",最近的楼:" + place.address : "") + "。";
  }

  /* --- use my location --- */
  function locator(button, onForm, pin) {
    var status = $("locate-status");
    $("locate-box").hidden = false;
    button.addEventListener("click", function () {
      status.textContent = "正在获取您的位置…";
      navigator.geolocation.getCurrentPosition(function (position) {
        var at = { lat: position.coords.latitude.toFixed(7), lon: position.coords.longitude.toFixed(7) };
        getJSON(button.dataset.nearest + "?" + query(at)).then(function (place) {
          if (onForm) { fill(place, status); if (pin) { pin(place.lat, place.lon, false); } return; }
          window.location.href = button.dataset.form + "?" + query({ lat: place.lat, lon: place.lon, address: place.address || "", grid_code: place.grid_code || "" });
        }).catch(function (error) { status.textContent = reason(error, "未能确定您的位置,请填写地址。"); });
      }, function () { status.textContent = "未能获取您的位置(可能未允许定位),请填写地址。"; },
      { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
    });
  }

  /* --- the map --- */
  function load(src, css) {
    return new Promise(function (resolve, reject) {
      var node = document.createElement(css ? "link" : "script");
      if (css) { node.rel = "stylesheet"; node.href = src; } else { node.src = src; }
      node.onload = resolve; node.onerror = reject;
      document.head.appendChild(node);
    });
  }
  function drawMap(box) {
    var data = box.dataset, said = $("pin-status"), marker = null, map = null;
    function pin(lat, lon) {
      if (!map) { return; }
      if (marker) { marker.setLatLng([lat, lon]); }
      else { marker = L.circleMarker([lat, lon], { radius: 10, color: "#b3261e", weight: 3, fillOpacity: 0.6, className: "pin" }).addTo(map); }
    }
    return Promise.all([load(data.leafletCss, true), load(data.leafletJs, false), getJSON(data.geojson)]).then(function (got) {
      var shapes = got[2];
      $("place-map-box").hidden = false;
      map = L.map(box, { attributionControl: !!data.tiles, zoomSnap: 0.25 });
      if (data.tiles) {
        L.tileLayer(data.tiles, { attribution: data.attribution, subdomains: "1234", maxZoom: 19 }).addTo(map);
        map.attributionControl.setPrefix(false);
      }
      var grids = {};
      var layer = L.geoJSON(shapes, {
        interactive: false,
        style: function (f) {
          return f.properties.kind === "grid" ? { color: "#1d5c8c", weight: 2, fillOpacity: 0.08, className: "grid grid-" + f.properties.grid_code } : {};
        },
        pointToLayer: function (f, at) { return L.circleMarker(at, { radius: 4, color: "#555", weight: 1, fillOpacity: 0.8, interactive: false, className: "building" }); },
        onEachFeature: function (f, shape) { if (f.properties.kind === "grid") { grids[f.properties.grid_code] = shape; } }
      }).addTo(map);
      function focus() {  /* the grid chosen, else the whole district */
        var chosen = $("grid_code") && grids[$("grid_code").value];
        var bounds = chosen ? chosen.getBounds() : layer.getBounds();
        if (bounds.isValid()) { map.fitBounds(bounds, { padding: [24, 24] }); } else { map.setView([35, 105], 4); }
      }
      focus();
      if ($("grid_code")) { $("grid_code").addEventListener("change", function () { if (!marker) { focus(); } }); }
      map.on("click", function (e) {
        pin(e.latlng.lat, e.latlng.lng);
        said.textContent = "正在查找该位置…";
        getJSON(data.nearest + "?" + query({ lat: e.latlng.lat.toFixed(7), lon: e.latlng.lng.toFixed(7), crs: data.crs }))
          .then(function (place) { fill(place, said); })
          .catch(function (error) { said.textContent = reason(error, "该位置无法识别,请填写地址。"); });
      });
      if (data.crs === "wgs84" && $("lat").value && $("lon").value) { pin(+$("lat").value, +$("lon").value); }
      box.dataset.ready = "yes";
      return pin;
    });
  }

  var address = $("address"), box = $("place-map"), button = $("locate");
  if (address && address.dataset.suggest && window.fetch) { combobox(address); }
  var pinning = box && window.fetch && window.Promise ? drawMap(box).catch(function () { $("place-map-box").hidden = true; return null; }) : Promise.resolve(null);
  if (button && navigator.geolocation && window.fetch) {
    pinning.then(function (pin) { locator(button, !!$("lat"), pin); });
  }
})();
