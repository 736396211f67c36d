/* The search box on the county map and the plan page (templates/map/_search.html): type a
 * Chinese name, pinyin (full or initials) or an id, choose with the arrow keys and Enter (or a
 * tap), and the map flies there and opens the feature's popup (or a small one of its own when
 * the feature is not drawn, e.g. a hidden layer). The server does the matching
 * (GET /api/search); answers are kept per query. ARIA combobox with a listbox; Escape closes
 * the list, then clears the box. Every text goes into the page with textContent. */
(function () {
  'use strict';

  var box = document.getElementById('map-search');
  var map = window.jiangleMap;
  if (!box || !map) { return; }
  var input = box.querySelector('input');
  var list = box.querySelector('[role="listbox"]');
  var status = box.querySelector('.jl-search-status');
  var answers = new Map();
  var hits = [];
  var active = -1;
  var timer = null;
  var asked = '';

  function fill(template, key, value) { return template.split('{' + key + '}').join(value); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    node.textContent = text;
    return node;
  }

  function setOpen(open) {
    list.hidden = !open;
    input.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (!open) { setActive(-1); }
  }

  function setActive(i) {
    active = i;
    Array.prototype.forEach.call(list.children, function (li, j) {
      li.setAttribute('aria-selected', j === i ? 'true' : 'false');
      li.classList.toggle('jl-search-active', j === i);
      if (j === i) { li.scrollIntoView({ block: 'nearest' }); }
    });
    if (i >= 0) { input.setAttribute('aria-activedescendant', list.children[i].id); }
    else { input.removeAttribute('aria-activedescendant'); }
  }

  function show(query, found) {
    hits = found;
    list.textContent = '';
    found.forEach(function (hit, i) {
      var li = el('li', 'jl-search-hit jl-search-' + hit.layer, '');
      li.id = 'map-search-hit-' + i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.setAttribute('data-id', hit.id);
      li.appendChild(el('span', 'jl-search-name', hit.name));
      li.appendChild(el('span', 'jl-search-detail', hit.detail));
      // mousedown, not click: picking must not blur the box first
      li.addEventListener('mousedown', function (e) { e.preventDefault(); pick(i); });
      list.appendChild(li);
    });
    status.textContent = found.length ? fill(box.dataset.count, 'n', found.length)
      : fill(box.dataset.none, 'q', query);
    setOpen(found.length > 0);
  }

  function lookUp() {
    var query = input.value.trim();
    asked = query;
    if (!query) { hits = []; list.textContent = ''; status.textContent = ''; setOpen(false); return; }
    if (answers.has(query)) { show(query, answers.get(query)); return; }
    var url = new URL(box.dataset.url, window.location.href);
    url.searchParams.set('q', query);
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) {
        return r.json().catch(function () { return { error: r.statusText }; })
          .then(function (body) { return [r.ok, body]; });
      })
      .then(function (res) {
        if (query !== asked) { return; }  // the box has changed since
        if (!res[0]) { setOpen(false); status.textContent = fill(box.dataset.failed, 'error', res[1].error); return; }
        answers.set(query, res[1].hits);
        show(query, res[1].hits);
      })
      .catch(function (err) {
        if (query === asked) { setOpen(false); status.textContent = fill(box.dataset.failed, 'error', err.message); }
      });
  }

  function token(id) { return 'jl-id-' + String(id).replace(/[^A-Za-z0-9_-]/g, '_'); }

  /* The drawn layer of a hit that has a popup: a polygon of a GeoJSON group by its feature id,
   * or a marker whose element carries the hit's id class. */
  function drawnLayer(hit) {
    var found = null;
    map.eachLayer(function (l) {
      if (found) { return; }
      if (l instanceof L.GeoJSON) {
        l.eachLayer(function (part) {
          if (!found && part.feature && String(part.feature.properties.id) === hit.id) {
            found = part.getPopup() ? part : (l.getPopup() ? l : null);
          }
        });
      } else if (l.getPopup?.() && l.getElement?.()?.classList.contains(token(hit.id))) {
        found = l;
      }
    });
    return found;
  }

  function openPopup(hit) {
    var at = L.latLng(hit.lat, hit.lon);
    var layer = drawnLayer(hit);
    if (layer) { layer.openPopup(at); return; }
    var body = el('div', 'jl-popup jl-search-popup', '');
    body.appendChild(el('h4', '', hit.name));
    body.appendChild(el('div', '', hit.detail));
    L.popup({ maxWidth: 320 }).setLatLng(at).setContent(body).openOn(map);
  }

  function pick(i) {
    var hit = hits[i];
    if (!hit) { return; }
    input.value = hit.name;
    setOpen(false);
    status.textContent = hit.name + ' · ' + hit.detail;
    var still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    var target = L.latLng(hit.lat, hit.lon);
    var zoom = hit.bbox
      ? Math.min(map.getBoundsZoom(L.latLngBounds([hit.bbox[1], hit.bbox[0]], [hit.bbox[3], hit.bbox[2]])) - 0.5, 13)
      : Math.max(map.getZoom(), 14);
    if (map.getCenter().distanceTo(target) < 1 && map.getZoom() === zoom) { openPopup(hit); return; }
    map.once('moveend', function () { openPopup(hit); });
    if (still) { map.setView(target, zoom, { animate: false }); }
    else { map.flyTo(target, zoom, { duration: 0.8 }); }
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(lookUp, 120);
  });
  input.addEventListener('keydown', function (e) {
    var open = !list.hidden;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!hits.length) { return; }
      if (!open) { setOpen(true); }
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((active + step + hits.length + (active < 0 && step < 0 ? 1 : 0)) % hits.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (open && hits.length) { pick(Math.max(active, 0)); }
    } else if (e.key === 'Escape') {
      e.preventDefault();
      if (open) { setOpen(false); } else { input.value = ''; status.textContent = ''; hits = []; }
    }
  });
  input.addEventListener('blur', function () { setOpen(false); });
  input.addEventListener('focus', function () { if (hits.length && input.value.trim() === asked) { setOpen(true); } });

  var control = L.control({ position: 'topleft' });
  control.onAdd = function () {
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    box.classList.add('leaflet-control');
    box.hidden = false;
    return box;
  };
  control.addTo(map);
}());
