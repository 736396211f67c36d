/* The plan's saved tour on the county map (POST /api/plans/<id>/route computes, stores nothing). */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('map-tour-data').textContent);
  var map = window.jiangleMap;
  var layer = JiangleTour.create(map, { labels: data.labels, locate: function (id) { return data.stops[id] || null; } });
  fetch(data.route, {
    method: 'POST', credentials: 'same-origin', body: '{}',
    headers: { 'Content-Type': 'application/json', 'X-CSRFToken': document.querySelector('meta[name="csrf-token"]').content },
  }).then(function (r) {
    return r.json().catch(function () { return { error: r.statusText }; }).then(function (b) { return [r.ok, b]; });
  }).then(function (res) {
    var totals = document.getElementById('map-tour-totals');
    if (!res[0]) {
      totals.textContent = '';
      document.getElementById('map-tour-error').textContent = res[1].error;
      return;
    }
    JiangleTour.totals(totals, res[1], data.labels);
    if (res[1].stops.length) { map.fitBounds(layer.draw(res[1]).getBounds(), { padding: [30, 30] }); }
  });
}());
