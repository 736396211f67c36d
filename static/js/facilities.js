/* Facility dashboard charts with the locally served Chart.js: load rate against target per
   plant, and plants operating over time against the plan's goal. Data comes from a JSON script
   tag the server wrote; labels are drawn on a canvas, never inserted as HTML. */
(function () {
  "use strict";
  var source = document.getElementById("jl-fac-chart-data");
  if (!source || typeof window.Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var txt = data.text;
  window.jiangleCharts = {};

  function loadChart(canvas) {
    var colours = data.load.load.map(function (value, i) {
      var target = data.load.target[i];
      return target !== null && value < target ? "#e53935" : "#2e7d32";
    });
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.load.labels,
        datasets: [
          { label: txt.load_rate + " (%)", data: data.load.load, backgroundColor: colours, order: 2 },
          {
            label: txt.target + " (%)", data: data.load.target, type: "line",
            borderColor: "#263238", backgroundColor: "#263238", pointStyle: "line", pointRadius: 18,
            showLine: false, pointBorderWidth: 3, order: 1
          }
        ]
      },
      options: {
        animation: false, maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, suggestedMax: 100, title: { display: true, text: "%" } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  function timelineChart(canvas) {
    var t = data.timeline;
    var datasets = [
      { label: txt.operating_all, data: t.operating, stepped: true, borderColor: "#1565c0",
        backgroundColor: "#1565c0" },
      { label: txt.operating_township, data: t.township, stepped: true, borderColor: "#2e7d32",
        backgroundColor: "#2e7d32" }
    ];
    if (t.goal !== null) {
      datasets.push({
        label: txt.goal + " (" + t.goal + (t.goal_date ? ", " + t.goal_date : "") + ")",
        data: t.labels.map(function () { return t.goal; }),
        borderColor: "#d50000", borderDash: [6, 4], pointRadius: 0
      });
    }
    return new window.Chart(canvas, {
      type: "line",
      data: { labels: t.labels, datasets: datasets },
      options: {
        animation: false, maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  var load = document.getElementById("jl-load-chart");
  var timeline = document.getElementById("jl-timeline-chart");
  if (load) { window.jiangleCharts.load = loadChart(load); }
  if (timeline) { window.jiangleCharts.timeline = timelineChart(timeline); }
})();
