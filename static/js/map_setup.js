/* Leaflet hooks set before folium's script makes the map: on narrow screens and on maps that
 * share the screen with a panel the layer control and the legend start folded; the scale bar is metric only; vector shapes stay out of the tab order (the
 * page's lists and markers are the keyboard way in); the page's legend becomes a map control;
 * names show from the zoom level their kind needs (CSS classes
 * jl-z<level> on the map container). Loaded from <head> right after leaflet.js. */
(function () {
  'use strict';

  var NARROW = window.matchMedia('(max-width: 720px)');
  var ROOMY = 1100;  // px: a map at least this wide keeps its layer list and legend open
  var LABEL_ZOOMS = [9, 10, 11, 12, 13];

  function cramped() {
    var box = document.querySelector('.folium-map');
    return NARROW.matches || (box !== null && box.offsetWidth < ROOMY);
  }

  L.Control.Layers.addInitHook(function () {
    if (cramped()) { this.options.collapsed = true; }
  });

  L.Control.Scale.addInitHook(function () {
    this.options.imperial = false;
    this.options.metric = true;
  });

  function untabbable(event) {
    var node = event.layer.getElement?.();
    if (node && node instanceof SVGElement) { node.setAttribute('tabindex', '-1'); }
  }

  function zoomClasses(map) {
    var zoom = map.getZoom();
    var box = map.getContainer();
    LABEL_ZOOMS.forEach(function (z) { box.classList.toggle('jl-z' + z, zoom >= z); });
  }

  function legendControl(map) {
    var legend = map.getContainer().parentNode.querySelector('.jl-legend');
    if (!legend) { return; }
    if (cramped()) { legend.open = false; }
    var control = L.control({ position: 'bottomright' });
    control.onAdd = function () {
      L.DomEvent.disableClickPropagation(legend);
      L.DomEvent.disableScrollPropagation(legend);
      legend.classList.add('leaflet-control');
      return legend;
    };
    control.addTo(map);
  }

  L.Map.addInitHook(function () {
    var map = this;
    map.on('layeradd', untabbable);
    map.on('zoomend', function () { zoomClasses(map); });
    map.whenReady(function () { zoomClasses(map); });
    legendControl(map);
  });
}());
