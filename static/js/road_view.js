/* Roads by view for a large roads layer (geo/maps/road_view.py): the page carries no roads;
 * whenever the map stops moving, and while the roads group is shown, the roads of the view
 * (padded a quarter) are fetched from the server by bounding box and zoom, and drawn into the
 * group with the class styles of the inline layer. Names go into tooltips as text, never HTML.
 * Started by folium's map script: jiangleRoadsByView(map, group, options). */
(function () {
  'use strict';

  function roadLabel(props, options) {
    var named = options.lang === 'en' ? props.name_en || props.name_zh : props.name_zh;
    return named || props.ref || options.classes[props.class] || props.class;
  }

  function tooltip(text) {
    var span = document.createElement('span');
    span.textContent = text;
    return span;
  }

  window.jiangleRoadsByView = function (map, group, options) {
    var shown = '';
    var pending = null;

    function style(feature) {
      var s = options.styles[feature.properties.class] || ['#9e9e9e', 1];
      return { color: s[0], weight: s[1], opacity: 0.85, className: 'jl-roads' };
    }

    function draw(data, key) {
      group.clearLayers();
      L.geoJSON(data, {
        style: style,
        onEachFeature: function (feature, layer) {
          layer.bindTooltip(tooltip(roadLabel(feature.properties, options)), { sticky: true });
        },
      }).addTo(group);
      shown = key;
      var box = map.getContainer();
      box.dataset.roadsShown = String(data.features.length);
      box.dataset.roadsBand = String(data.zoom_band);
    }

    function load() {
      if (!map.hasLayer(group)) { return; }
      var b = map.getBounds().pad(0.25);
      var bbox = [
        Math.max(b.getWest(), -180), Math.max(b.getSouth(), -90),
        Math.min(b.getEast(), 180), Math.min(b.getNorth(), 90),
      ].map(function (v) { return v.toFixed(4); }).join(',');
      var zoom = Math.floor(map.getZoom());
      var key = bbox + '/' + zoom;
      if (key === shown) { return; }
      if (pending) { pending.abort(); }
      pending = new AbortController();
      var url = options.url + '?bbox=' + bbox + '&zoom=' + zoom;
      fetch(url, { signal: pending.signal, credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error(String(r.status))); })
        .then(function (data) { draw(data, key); })
        .catch(function (err) {
          if (err.name !== 'AbortError') { map.getContainer().dataset.roadsError = err.message; }
        });
    }

    map.on('moveend', load);
    map.on('overlayadd', function (event) { if (event.layer === group) { shown = ''; load(); } });
    map.whenReady(load);
  };
}());
