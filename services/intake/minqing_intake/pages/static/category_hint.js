/* The category suggested live from the text being typed (the district's classifier through
   /api/v1/districts/<d>/category-suggestion): shown while the resident has not chosen one, with a
   button that chooses it. Without JavaScript the select stays as it is: "由系统判断" classifies it anyway. */
(function () {
  "use strict";
  var box = document.getElementById("category-live"), content = document.getElementById("content");
  var select = document.getElementById("category");
  if (!box || !content || !select || !window.fetch) { return; }
  var said = document.getElementById("category-live-text"), use = document.getElementById("category-live-use");
  var timer = null, asked = 0, found = null;
  function show(hint) {
    found = hint.category;
    box.hidden = !found || select.value === found;
    if (found) { said.textContent = "根据您的描述,建议类别:" + hint.category_name; }
  }
  content.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var text = content.value.trim(), mine = ++asked;
      if (text.length < 4) { box.hidden = true; return; }
      fetch(box.dataset.url + "?text=" + encodeURIComponent(text.slice(0, 1000)), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (hint) { if (hint && mine === asked) { show(hint); } })
        .catch(function () { box.hidden = true; });
    }, 400);
  });
  use.addEventListener("click", function () {
    if (found) { select.value = found; box.hidden = true; select.focus(); }
  });
})();
