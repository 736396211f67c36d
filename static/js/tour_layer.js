/* A tour on a Leaflet map, shared by the plan page (plan.js) and the county map (/?plan=<id>):
 * the road path coloured by day with direction arrows (tour_arrows.js, loaded before this),
 * numbered stops with arrival/departure popups, and the totals.
 * Number badges are spread so they do not hide each other, the stops or the plant diamonds;
 * the days are listed in the page's map legend. Input is the JSON of POST /api/tour or
 * /api/plans/<id>/route. Every text goes into the page with textContent: never innerHTML. */
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
    // an English count noun after {n} is singular when n is 1 ("1 day", not "1 days")
    if (fields && Number(fields.n) === 1) { s = s.replace(/\{n\} (day|stop|site|road|task|photo|route)s\b/g, '{n} $1'); }
    Object.keys(fields || {}).forEach(function (k) { s = s.split('{' + k + '}').join(fields[k]); });
    return s;
  }

  var duration = window.JiangleDuration.duration;

  var BADGE = 20;
  var BADGE_PANE = 'jlBadges';  // above the names (620) and the plan's candidate circles (640)
  // Where a badge may sit around its stop (centre offsets in pixels), nearest first.
  var OFFSETS = [[15, -15], [-15, -15], [15, 15], [-15, 15], [0, -22], [22, 0], [0, 22], [-22, 0],
    [26, -26], [-26, -26], [26, 26], [-26, 26], [0, -34], [34, 0], [0, 34], [-34, 0]];

  function box(x, y, size) {
    return { x0: x - size / 2, y0: y - size / 2, x1: x + size / 2, y1: y + size / 2 };
  }

  function overlap(a, b) {
    var w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
    var h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
    return w > 0 && h > 0 ? w * h : 0;
  }

  /* Places each number badge next to its stop where it covers the fewest other badges, stops,
   * candidate circles and plant diamonds (greedy, in tour order); redone after every zoom. */
  function spread(map, badges) {
    var taken = [];
    map.eachLayer(function (l) {
      const cls = l.options?.icon?.options.className;
      if (cls?.indexOf('jl-plant-icon') >= 0) {
        const p = map.latLngToLayerPoint(l.getLatLng());
        taken.push(box(p.x, p.y, 18));
      } else if (l instanceof L.CircleMarker) {  // stops and the plan page's candidates
        const c = map.latLngToLayerPoint(l.getLatLng());
        taken.push(box(c.x, c.y, 2 * l.getRadius() + 2));
      }
    });
    var points = badges.map(function (b) { return map.latLngToLayerPoint(b.latlng); });
    points.forEach(function (p) { taken.push(box(p.x, p.y, 16)); });
    badges.forEach(function (b, i) {
      var best = null;
      OFFSETS.some(function (o) {
        var candidate = box(points[i].x + o[0], points[i].y + o[1], BADGE);
        var cost = taken.reduce(function (sum, t) { return sum + overlap(candidate, t); }, 0);
        if (best === null || cost < best.cost) { best = { cost: cost, offset: o, box: candidate }; }
        return cost === 0;
      });
      taken.push(best.box);
      b.node.style.transform = 'translate(' + best.offset[0] + 'px,' + best.offset[1] + 'px)';
    });
  }

  /* The tour's days in the map legend (the list marked .jl-legend-tour), if the page has one. */
  function legendDays(tour, labels) {
    var list = document.querySelector('.jl-legend-tour');
    if (!list) { return; }
    list.querySelectorAll('.jl-legend-day').forEach(function (li) { li.remove(); });
    var days = tour.days ? tour.days.length : tour.totals.days;
    for (let d = 1; d <= days; d += 1) {
      const li = el('li', 'jl-legend-day');
      const swatch = el('span', 'jl-swatch jl-swatch-line');
      swatch.style.background = dayColour(d);
      swatch.setAttribute('aria-hidden', 'true');
      li.appendChild(swatch);
      li.appendChild(document.createTextNode(label(labels, 'day_n', { n: d })));
      list.appendChild(li);
    }
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
    var arrows = window.JiangleArrows.create(map);
    if (!map.getPane(BADGE_PANE)) { map.createPane(BADGE_PANE).style.zIndex = 645; }

    var badges = [];

    function draw(tour) {
      layer.clearLayers();
      badges = [];
      L.geoJSON(tour.geometry, {
        style: function (f) {
          return { color: dayColour(f.properties.day), weight: 4, opacity: 0.8, className: 'jl-tour-leg' };
        },
        interactive: false,
      }).addTo(layer);
      arrows.draw(tour.geometry, function (p) { return dayColour(p.day); });
      tour.stops.forEach(function (stop, i) {
        var s = options.locate(stop.id);
        if (!s) { return; }
        var badge = el('span', 'jl-num', i + 1);
        badge.setAttribute('data-stop-id', stop.id);
        badge.style.background = dayColour(stop.day);
        var marker = L.marker([s.lat, s.lon], {
          icon: L.divIcon({ className: 'jl-num-icon', html: badge, iconSize: [BADGE, BADGE] }),
          keyboard: false,
          pane: BADGE_PANE,
        });
        marker.bindPopup(popup(labels, stop, i + 1, stop.name || s.name));
        marker.addTo(layer);
        badges.push({ latlng: marker.getLatLng(), node: badge });
      });
      spread(map, badges);
      legendDays(tour, labels);
      return layer;
    }

    map.on('zoomend', function () { spread(map, badges); });

    return { layer: layer, draw: draw, clear: function () { layer.clearLayers(); arrows.clear(); } };
  }

  /* The totals of a tour (km, driving, visiting, days) as spans in ``box``. */
  function totals(box, tour, labels) {
    var t = tour.totals;
    box.textContent = '';
    box.appendChild(el('span', 'jl-total jl-total-km', t.km.toFixed(1) + ' ' + labels.km));
    box.appendChild(el('span', 'jl-total jl-total-drive', labels.plan_driving + ' ' + duration(t.driving_minutes)));
    box.appendChild(el('span', 'jl-total jl-total-visit', labels.plan_visiting + ' ' + duration(t.visiting_minutes)));
    var days = el('span', 'jl-total jl-total-days', labels.plan_days + ' ' + t.days);
    days.setAttribute('data-days', t.days);
    box.appendChild(days);
    return box;
  }

  window.JiangleTour = {
    create: create, totals: totals, el: el, label: label, dayColour: dayColour,
  };
}());
