/* The visit form on a poor connection (served by routing, no CDN; the form works without it).
 * What is typed is kept in localStorage as the draft; a visit submitted without a connection is queued
 * there and sent when the connection returns (the "online" event, and every 15 s), under the visit's one
 * key (visit_key, sent by the page as intake's Idempotency-Key), so a replay is the same one visit.
 * A queued visit leaves the queue only when the server has answered: recorded (the diary), or refused
 * (4xx: its answer, the form with the reasons and what was typed, replaces this page). */
(function () {
  "use strict";
  var QUEUE = "minqing.visits.queued", DRAFT = "minqing.visits.draft";
  var form = document.getElementById("visit-form");
  var status = document.getElementById("queue-status");
  var sending = false;

  function load(name, fallback) {
    try { return JSON.parse(localStorage.getItem(name)) || fallback; } catch (e) { return fallback; }
  }
  function save(name, value) { localStorage.setItem(name, JSON.stringify(value)); }
  function fields(f) { var out = []; new FormData(f).forEach(function (v, k) { out.push([k, v]); }); return out; }
  function encoded(pairs) {
    var body = new URLSearchParams();
    pairs.forEach(function (p) { body.append(p[0], p[1]); });
    return body;
  }
  function newKey() {
    return window.crypto && crypto.randomUUID ? crypto.randomUUID() : "visit-" + Date.now() + "-" + Math.random().toString(36).slice(2);
  }
  function report(extra) {
    if (!status) { return; }
    var n = load(QUEUE, []).length;
    var text = n ? "有 " + n + " 次走访已保存在本机,等待网络恢复后自动发送,请勿重复录入。" : "";
    text = [text, extra || ""].filter(Boolean).join(" ");
    status.hidden = !text;
    status.textContent = text;
  }
  function unqueue(item) {
    var list = load(QUEUE, []), at = -1;
    list.forEach(function (q, i) { if (at < 0 && q.key === item.key) { at = i; } });
    if (at >= 0) { list.splice(at, 1); }
    save(QUEUE, list);
    return list;
  }

  function flush() {
    var list = load(QUEUE, []);
    if (sending || !list.length) { report(); return; }
    sending = true;
    var item = list[0];
    fetch(item.action, {
      method: "POST", body: encoded(item.fields), credentials: "same-origin",
      headers: {"Content-Type": "application/x-www-form-urlencoded"}
    }).then(function (answer) {
      if (answer.status >= 500) { sending = false; report(); return null; }  // try again later
      if (answer.redirected && answer.url.indexOf("/login") >= 0) {
        sending = false; report("登录已过期,请重新登录后回到此页,待发送的走访会自动发送。"); return null;
      }
      return answer.text().then(function (html) {
        sending = false;
        var rest = unqueue(item);
        if (answer.ok && answer.redirected) {
          if (!rest.length && form) { window.location.assign(answer.url); } else { flush(); }
          return;
        }
        document.open(); document.write(html); document.close();  // refused: the form with its reasons
      });
    }).catch(function () { sending = false; report(); });  // no connection: stays queued
  }

  function restoreDraft() {
    var draft = load(DRAFT, null);
    if (!draft || draft.grid !== form.dataset.grid) { return; }
    if (load(QUEUE, []).some(function (q) { return q.key === draft.key; })) { return; }
    var names = {};
    draft.fields.forEach(function (p) { (names[p[0]] = names[p[0]] || []).push(p[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf_token" || !(el.name in names)) { return; }
      if (el.type === "checkbox") { el.checked = names[el.name].indexOf(el.value) >= 0; } else { el.value = names[el.name][0]; }
    });
    report("已恢复上次未提交的内容。");
  }

  if (form) {
    restoreDraft();
    var keep = function () { save(DRAFT, {grid: form.dataset.grid, key: form.elements.visit_key.value, fields: fields(form)}); };
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var item = {key: form.elements.visit_key.value, action: form.action, fields: fields(form)};
      save(QUEUE, load(QUEUE, []).filter(function (q) { return q.key !== item.key; }).concat([item]));
      localStorage.removeItem(DRAFT);
      if (navigator.onLine === false) {
        form.reset();
        form.elements.visit_key.value = newKey();  // the next visit is another visit
        report();
        return;
      }
      flush();
    });
  }
  window.addEventListener("online", flush);
  window.setInterval(flush, 15000);
  flush();
}());
