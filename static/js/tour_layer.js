/* A tour on a Leaflet map, shared by the plan page (plan.js) and the county map (/?plan=<id>):
 * the road path coloured by day, numbered stops with arrival/departure popups, and the totals.
 * Input is the JSON of POST /api/tour or /api/plans/<id>/route. Every text goes into the page
 * with textContent: never innerHTML. */
(function () {
  'use strict';

  var DAY_COLOURS = ['#d50000', '#2962ff', '#00a152', '#ff6d00', '#aa00ff', '#00838f'];

  function dayColour(day) { return DAY_COLOURS[(day - 1) % DAY_COLOURS.length]; }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function label(labels, key, fields) {
    var s = labels[key] || key;
    Object.keys(fields || {}).forEach(function (k) { s = s.split('{' + k + '}').join(fields[k]); });
    return s;
  }

  function hours(minutes) {
    var m = Math.round(minutes);
    var h = Math.floor(Math.abs(m) / 60);
    var rest = Math.abs(m) % 60;
    return (m < 0 ? '−' : '') + h + ':' + (rest < 10 ? '0' : '') + rest;
  }

  function popup(labels, stop, n, name) {
    var pop = el('div', 'jl-popup jl-tour-popup');
    pop.appendChild(el('h4', null, n + '. ' + name));
    pop.appendChild(el('div', null, label(labels, 'day_n', { n: stop.day })));
    pop.appendChild(el('div', 'jl-arrival', labels.arrival + ' ' + stop.arrival.slice(11)));
    pop.appendChild(el('div', 'jl-departure', labels.departure + ' ' + stop.departure.slice(11)));
    return pop;
  }

  /* A layer on ``map`` that draws one tour at a time. ``options.labels`` holds the texts
   * (arrival, departure, day_n); ``options.locate(id)`` gives {lat, lon, name} of a stop, or
   * null to leave it out. */
  function create(map, options) {
    var labels = options.labels;
    var layer = L.featureGroup().addTo(map);

    function draw(tour) {
      layer.clearLayers();
      L.geoJSON(tour.geometry, {
        style: function (f) {
          return { color: dayColour(f.properties.day), weight: 4, opacity: 0.8, className: 'jl-tour-leg' };
        },
        interactive: false,
      }).addTo(layer);
      tour.stops.forEach(function (stop, i) {
        var s = options.locate(stop.id);
        if (!s) { return; }
        var badge = el('span', 'jl-num', i + 1);
        badge.style.background = dayColour(stop.day);
        var marker = L.marker([s.lat, s.lon], {
          icon: L.divIcon({ className: 'jl-num-icon', html: badge, iconSize: [20, 20], iconAnchor: [-6, 24] }),
          keyboard: false,
        });
        marker.bindPopup(popup(labels, stop, i + 1, stop.name || s.name));
        marker.addTo(layer);
      });
      return layer;
    }

    return { layer: layer, draw: draw, clear: function () { layer.clearLayers(); } };
  }

  /* The totals of a tour (km, driving, visiting, days) as spans in ``box``. */
  function totals(box, tour, labels) {
    var t = tour.totals;
    box.textContent = '';
    box.appendChild(el('span', 'jl-total jl-total-km', t.km.toFixed(1) + ' ' + labels.km));
    box.appendChild(el('span', 'jl-total jl-total-drive', labels.plan_driving + ' ' + hours(t.driving_minutes)));
    box.appendChild(el('span', 'jl-total jl-total-visit', labels.plan_visiting + ' ' + hours(t.visiting_minutes)));
    var days = el('span', 'jl-total jl-total-days', labels.plan_days + ' ' + t.days);
    days.setAttribute('data-days', t.days);
    box.appendChild(days);
    return box;
  }

  window.JiangleTour = {
    create: create, totals: totals, hours: hours, el: el, label: label, dayColour: dayColour,
  };
}());
