// Charts over the numbers the page already shows in tables (progressive enhancement).
(function () {
  "use strict";
  if (!window.echarts) { return; }
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var percent = function (v) { return v === null ? null : Math.round(v * 1000) / 10; };
  function draw(id, option) {
    var element = document.getElementById(id);
    if (!element) { return; }
    element.hidden = false;
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    chart.setOption(Object.assign({ animation: false, tooltip: { trigger: "axis" }, grid: { left: 48, right: 16, bottom: 40 } }, option));
    window.addEventListener("resize", function () { chart.resize(); });
  }
  var months = data.trend.map(function (t) { return t.month; });
  draw("chart-trend", {
    legend: { data: ["响应率", "解决率", "满意率"] },
    xAxis: { type: "category", data: months },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: [["响应率", "response"], ["解决率", "resolution"], ["满意率", "satisfaction"]].map(function (s) {
      return { name: s[0], type: "line", connectNulls: true, data: data.trend.map(function (t) { return percent(t[s[1]]); }) };
    })
  });
  function bars(id, rows) {
    draw(id, { xAxis: { type: "category", data: rows.map(function (r) { return r[0]; }), axisLabel: { interval: 0, rotate: 30 } },
               yAxis: { type: "value", minInterval: 1 }, series: [{ type: "bar", data: rows.map(function (r) { return r[1]; }), itemStyle: { color: "#a4161a" } }] });
  }
  bars("chart-category", data.by_category);
  bars("chart-channel", data.by_channel);
  draw("chart-overdue", {
    legend: { data: ["督办", "超期办结"] },
    xAxis: { type: "category", data: data.overdue.map(function (o) { return o[0]; }) },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ name: "督办", type: "bar", stack: "late", data: data.overdue.map(function (o) { return o[1]; }) },
             { name: "超期办结", type: "bar", stack: "late", data: data.overdue.map(function (o) { return o[2]; }) }]
  });
}());
