/* Arrowheads along a tour's legs in the driving direction, for tour_layer.js (the plan page and
 * the county map with ?plan=): one every SPACING screen pixels along each leg (at least one on a
 * leg long enough to hold it), pointing along the road, redrawn after every zoom and pan and only
 * inside the view. Drawn in their own pane under the markers; taps pass through them. */
(function () {
  'use strict';

  var PANE = 'jlArrows';
  var SPACING = 110;  // px between arrows along a leg
  var SHORTEST = 28;  // px: a leg shorter than this on screen gets no arrow
  var SMOOTH = 8;  // px either side of an arrow over which its heading is taken
  var SIZE = 18;
  var SVG = 'http://www.w3.org/2000/svg';

  function arrowIcon(colour, degrees) {
    var svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('width', SIZE);
    svg.setAttribute('height', SIZE);
    svg.setAttribute('viewBox', '0 0 18 18');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('class', 'jl-arrow');
    svg.style.transform = 'rotate(' + degrees.toFixed(1) + 'deg)';
    var path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', 'M3 3 L16 9 L3 15 L7 9 Z');
    path.setAttribute('fill', colour);
    path.setAttribute('stroke', '#fff');
    path.setAttribute('stroke-width', '1.5');
    path.setAttribute('stroke-linejoin', 'round');
    svg.appendChild(path);
    return L.divIcon({ className: 'jl-arrow-icon', html: svg, iconSize: [SIZE, SIZE] });
  }

  /* The point at distance ``at`` along ``points``, given the running lengths ``ends``. */
  function pointAt(points, ends, at) {
    var i = 1;
    while (i < ends.length - 1 && ends[i] < at) { i += 1; }
    var a = points[i - 1];
    var b = points[i];
    var span = ends[i] - ends[i - 1];
    var t = span ? Math.min(1, Math.max(0, (at - ends[i - 1]) / span)) : 0;
    return L.point(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
  }

  /* Points (layer pixels) every SPACING px along a line, each with the heading (degrees, screen
   * y down) of the line over SMOOTH px either side, so a kink of the road does not twist it. */
  function along(points) {
    var ends = [0];
    for (let i = 1; i < points.length; i += 1) { ends.push(ends[i - 1] + points[i].distanceTo(points[i - 1])); }
    var total = ends[ends.length - 1];
    if (total < SHORTEST) { return []; }
    var count = Math.max(1, Math.floor(total / SPACING));
    var out = [];
    for (let k = 0; k < count; k += 1) {
      const at = (k + 0.5) * total / count;
      const back = pointAt(points, ends, Math.max(0, at - SMOOTH));
      const ahead = pointAt(points, ends, Math.min(total, at + SMOOTH));
      out.push({
        point: pointAt(points, ends, at),
        degrees: Math.atan2(ahead.y - back.y, ahead.x - back.x) * 180 / Math.PI,
      });
    }
    return out;
  }

  /* A layer of arrows on ``map``; ``draw(geojson, colourOf)`` takes a tour's legs (LineStrings in
   * driving order) and a function from a leg's properties to its colour. */
  function create(map) {
    if (!map.getPane(PANE)) {
      const pane = map.createPane(PANE);
      pane.style.zIndex = 450;  // above the lines (400), under the markers (600)
      pane.style.pointerEvents = 'none';
    }
    var group = L.layerGroup().addTo(map);
    var legs = [];

    function place() {
      group.clearLayers();
      var zoom = map.getZoom();
      var half = map.getSize().divideBy(2).add([SIZE, SIZE]);
      var centre = map.project(map.getCenter(), zoom);
      var seen = L.bounds(centre.subtract(half), centre.add(half));
      legs.forEach(function (leg) {
        // world pixels, not rounded (Leaflet rounds layer points, which twists short segments)
        along(leg.latlngs.map(function (ll) { return map.project(ll, zoom); })).forEach(function (a) {
          if (!seen.contains(a.point)) { return; }
          L.marker(map.unproject(a.point, zoom), {
            icon: arrowIcon(leg.colour, a.degrees), interactive: false, keyboard: false, pane: PANE,
          }).addTo(group);
        });
      });
    }

    function draw(geojson, colourOf) {
      legs = geojson.features.filter(function (f) { return f.geometry && f.geometry.type === 'LineString'; })
        .map(function (f) {
          return {
            colour: colourOf(f.properties),
            latlngs: f.geometry.coordinates.map(function (c) { return L.latLng(c[1], c[0]); }),
          };
        });
      place();
    }

    function clear() { legs = []; group.clearLayers(); }

    map.on('moveend', function () { if (legs.length) { place(); } });
    return { draw: draw, clear: clear };
  }

  window.JiangleArrows = { create: create };
}());
