/* Draws the dashboard charts with the vendored Chart.js, from the JSON block the page carries
   (no inline script: the data sits in <script type="application/json" id="report-charts">). */
(function () {
  "use strict";

  var COLOURS = ["#0b6b3a", "#d97706", "#1a56db", "#9333ea", "#be123c", "#0e7490", "#4d7c0f", "#6b7280"];

  function readData() {
    var node = document.getElementById("report-charts");
    if (!node) { return null; }
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  function numberFormat() {
    var lang = document.documentElement.lang || "vi";
    var format = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : lang);
    return function (value) { return value === null || value === undefined ? "—" : format.format(value); };
  }

  function config(kind, data, format) {
    if (kind === "years") {
      return {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: data.series.map(function (s, i) {
            return { label: s.label, data: s.values, backgroundColor: COLOURS[i % COLOURS.length] };
          })
        },
        options: { responsive: true, maintainAspectRatio: false,
          scales: { y: { beginAtZero: true, ticks: { callback: format } } } }
      };
    }
    if (kind === "stars" || kind === "groups" || kind === "progress") {
      return {
        type: "bar",
        data: { labels: data.labels, datasets: [{ label: "", data: data.values,
          backgroundColor: data.labels.map(function (_, i) { return COLOURS[i % COLOURS.length]; }) }] },
        options: { indexAxis: "y", responsive: true, maintainAspectRatio: false,
          plugins: { legend: { display: false } },
          scales: { x: { beginAtZero: true, ticks: { callback: format } } } }
      };
    }
    return null;
  }

  function draw() {
    var data = readData();
    if (!data || typeof window.Chart === "undefined") { return; }
    var format = numberFormat();
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var kind = canvas.getAttribute("data-chart");
      var settings = data[kind] && config(kind, data[kind], format);
      if (settings) {
        new window.Chart(canvas, settings);
        canvas.setAttribute("data-drawn", "true");
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
