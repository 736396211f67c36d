/* The township's own stops: the township outlined on the Folium map, its stops as markers and a
 * list; "Add a stop" then a click inside the township places a new one; a stop's form edits its
 * fields, moves it (a click on the map) and uploads photos (a photo's GPS position may place
 * the stop). Every change goes to /api/township, which validates it like an import.
 * Every text from the data goes into the page with textContent: never innerHTML. */
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('township-data').textContent);
  var map = window.jiangleMap;
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var labels = data.labels;
  var stops = {};
  var order = [];
  var markers = {};
  var mode = null;  // 'add' or 'move' while the next map click places a stop
  var current = null;  // the stop in the form; null for a new one
  var position = null;  // [lon, lat] the form will save
  var draft = null;  // the marker of the form's position
  var form = $('stop-form');

  data.stops.forEach(function (s) { stops[s.id] = s; order.push(s.id); });
  map.createPane('jlTown').style.zIndex = 640;

  function $(id) { return document.getElementById(id); }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function label(key, fields) {
    var text = labels[key] || key;
    Object.keys(fields || {}).forEach(function (k) { text = text.split('{' + k + '}').join(fields[k]); });
    return text;
  }

  function message(text, kind) {
    var box = $('town-message');
    box.textContent = text || '';
    box.className = 'jl-town-message' + (kind ? ' ' + kind : '');
  }

  function send(url, method, body) {
    var options = { method: method, headers: { 'X-CSRFToken': csrf }, credentials: 'same-origin' };
    if (body instanceof FormData) {
      options.body = body;
    } else if (body !== undefined) {
      options.headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (response) {
      return response.json().catch(function () { return { error: response.statusText }; })
        .then(function (json) { return { status: response.status, ok: response.ok, body: json }; });
    });
  }

  function stopUrl(id) { return data.urls.stops + '/' + encodeURIComponent(id); }

  // ------------------------------------------------------------------ map and list

  var outline = L.geoJSON(data.township.geometry, {
    style: { color: '#ad1457', weight: 3, fill: false }, interactive: false,
  }).addTo(map);
  function fitTownship() { map.fitBounds(outline.getBounds(), { padding: [12, 12], animate: false }); }
  // folium's own fitBounds (the county) may still be animating: its end would undo ours
  if (map._animatingZoom) { map.once('zoomend', fitTownship); } else { fitTownship(); }

  function drawMarker(s) {
    if (markers[s.id]) { markers[s.id].remove(); }
    var marker = L.circleMarker([s.lat, s.lon], {
      radius: 9, weight: 2, color: '#263238', fillColor: '#ffb300', fillOpacity: 0.9,
      pane: 'jlTown', className: 'jl-town-stop',
    });
    marker.bindTooltip(s.properties.name_zh + ' / ' + s.properties.name_en);
    marker.on('click', function (event) {
      L.DomEvent.stopPropagation(event);
      if (!mode) { select(s.id); }
    });
    marker.addTo(map);
    marker.getElement().setAttribute('data-stop-id', s.id);
    markers[s.id] = marker;
  }

  function renderList() {
    var list = $('stop-list');
    list.textContent = '';
    order.forEach(function (id) {
      var s = stops[id];
      var item = el('li');
      item.setAttribute('data-stop-id', id);
      item.classList.toggle('jl-current', id === current);
      var button = el('button');
      button.type = 'button';
      button.appendChild(el('strong', null, data.lang === 'en' ? s.properties.name_en : s.properties.name_zh));
      var sub = labels[s.properties.theme] + ' · ' + labels[s.properties.readiness] + ' · '
        + label('site_photo_count', { n: s.photos.length });
      button.appendChild(el('span', 'jl-stop-sub', sub));
      button.addEventListener('click', function () { select(id); });
      item.appendChild(button);
      list.appendChild(item);
    });
    $('stop-none').hidden = order.length > 0;
  }

  function showDraft() {
    if (draft) { draft.remove(); draft = null; }
    if (!position) { return; }
    draft = L.circleMarker([position[1], position[0]], {
      radius: 11, weight: 3, color: '#ad1457', fill: false, pane: 'jlTown', interactive: false,
      className: 'jl-town-draft',
    }).addTo(map);
    $('stop-position').textContent = position[0].toFixed(5) + ', ' + position[1].toFixed(5);
  }

  function pick(next) {
    mode = next;
    $('town-map').classList.toggle('jl-picking', Boolean(next));
    if (next) { message(label(next === 'add' ? 'site_click_to_add' : 'site_move_click'), 'info'); }
  }

  // Caught before Leaflet sees it: the township polygons' popups stop a click from reaching the
  // map, and a placing click is not a question about the polygon under it.
  map.getContainer().addEventListener('click', function (event) {
    if (!mode || map.dragging.moved() || event.target.closest('.leaflet-control')) { return; }
    event.stopPropagation();
    var latlng = map.mouseEventToLatLng(event);
    var at = [Number(latlng.lng.toFixed(6)), Number(latlng.lat.toFixed(6))];
    if (mode === 'add') { openNew(at); } else { position = at; showDraft(); }
    pick(null);
    message('');
  }, true);

  // ------------------------------------------------------------------ the form

  function fill(props) {
    data.editable.forEach(function (key) {
      var field = form.elements[key];
      if (field) { field.value = props[key] === null || props[key] === undefined ? '' : props[key]; }
    });
  }

  function openForm(title) {
    $('stop-form-title').textContent = title;
    $('stop-error').textContent = '';
    $('photo-file').value = '';
    $('keep-location').checked = false;
    form.hidden = false;
    renderList();
  }

  function openNew(at) {
    current = null;
    position = at;
    form.reset();
    fill({
      theme: data.themes[0], readiness: 'in_progress', visit_minutes: 30,
      responsible_unit: data.township.unit,
    });
    showDraft();
    renderPhotos();
    $('stop-history').hidden = true;
    openForm(label('site_new'));
    form.elements.name_zh.focus();
  }

  function select(id) {
    var s = stops[id];
    current = id;
    position = [s.lon, s.lat];
    fill(s.properties);
    showDraft();
    renderPhotos();
    openForm(label('site_edit') + ': ' + s.properties.name_zh);
    $('stop-history').hidden = false;
    loadHistory(id);
    map.panTo([s.lat, s.lon]);
  }

  function values() {
    var body = {};
    data.editable.forEach(function (key) {
      var field = form.elements[key];
      if (field) { body[key] = key === 'visit_minutes' ? Number(field.value) : field.value; }
    });
    return body;
  }

  function saveStop(event) {
    event.preventDefault();
    var body = values();
    var s = current ? stops[current] : null;
    if (!s || position[0] !== s.lon || position[1] !== s.lat) {
      body.lon = position[0];
      body.lat = position[1];
    }
    if (s) { body.version = s.version; }
    $('save-stop').disabled = true;
    send(s ? stopUrl(s.id) : data.urls.stops, s ? 'PUT' : 'POST', body).then(function (result) {
      if (!result.ok) {
        $('save-stop').disabled = false;
        $('stop-error').textContent = label('site_error', {
          error: result.status === 409 ? label('site_conflict') : result.body.error,
        });
        return null;
      }
      var saved = result.body;
      if (!stops[saved.id]) { order.push(saved.id); }
      stops[saved.id] = saved;
      drawMarker(saved);
      current = saved.id;
      var done = s ? label('site_saved', { revision: saved.revision })
        : label('site_added', { name: saved.properties.name_zh });
      return uploadChosen(saved.id).then(function (photoNote) {
        $('save-stop').disabled = false;
        select(saved.id);
        message(done + (photoNote ? ' · ' + photoNote : ''), 'ok');
      });
    });
  }

  // ------------------------------------------------------------------ photos

  function uploadChosen(id) {
    var file = $('photo-file').files[0];
    if (!file) { return Promise.resolve(''); }
    var body = new FormData();
    body.append('photo', file);
    if ($('keep-location').checked) { body.append('keep_location', '1'); }
    return send(stopUrl(id) + '/photos', 'POST', body).then(function (result) {
      if (!result.ok) { return label('site_error', { error: result.body.error }); }
      stops[id].photos.push(result.body);
      return label('site_photo_added');
    });
  }

  function renderPhotos() {
    var box = $('stop-photos');
    box.textContent = '';
    var photos = current ? stops[current].photos : [];
    if (!photos.length) { box.appendChild(el('span', 'jl-muted', label('site_no_photos'))); }
    photos.forEach(function (p) {
      var item = el('figure', 'jl-photo');
      item.setAttribute('data-photo-id', p.id);
      var link = el('a');
      link.href = data.urls.photo + p.id;
      link.target = '_blank';
      link.rel = 'noopener';
      var img = el('img');
      img.src = data.urls.photo + p.id + '/thumb';
      img.alt = p.file_name;
      img.loading = 'lazy';
      link.appendChild(img);
      item.appendChild(link);
      item.appendChild(el('figcaption', null, p.file_name));
      var remove = el('button', 'secondary jl-small', label('site_remove'));
      remove.type = 'button';
      remove.addEventListener('click', function () { removePhoto(p.id); });
      item.appendChild(remove);
      box.appendChild(item);
    });
  }

  function removePhoto(photoId) {
    send(data.urls.remove_photo + photoId, 'DELETE').then(function (result) {
      if (!result.ok) { message(label('site_error', { error: result.body.error }), 'info'); return; }
      stops[current].photos = stops[current].photos.filter(function (p) { return p.id !== photoId; });
      renderPhotos();
      renderList();
      loadHistory(current);
    });
  }

  function photoPlace() {
    var file = $('photo-file').files[0];
    if (!file) { $('stop-error').textContent = label('site_choose'); return; }
    var body = new FormData();
    body.append('photo', file);
    send(data.urls.locate, 'POST', body).then(function (result) {
      if (!result.ok) { $('stop-error').textContent = result.body.error; return; }
      var place = result.body;
      if (!place.inside) { $('stop-error').textContent = place.refusal; return; }
      $('stop-error').textContent = '';
      position = [place.lon, place.lat];
      showDraft();
      map.panTo([place.lat, place.lon]);
      message(label('site_photo_place', { lon: place.lon.toFixed(5), lat: place.lat.toFixed(5) }), 'ok');
    });
  }

  function loadHistory(id) {
    var list = $('stop-history-list');
    send(stopUrl(id) + '/history', 'GET').then(function (result) {
      list.textContent = '';
      if (!result.ok || id !== current) { return; }
      result.body.forEach(function (change) {
        var fields = Object.keys(change.changes).filter(function (k) { return k !== 'sha256'; });
        var line = change.at.slice(0, 16).replace('T', ' ') + ' · ' + change.user + ' · '
          + label('site_history_' + change.action) + (change.action === 'edit' ? ': ' + fields.join(', ') : '');
        list.appendChild(el('li', null, line));
      });
    });
  }

  // ------------------------------------------------------------------ wiring

  $('add-stop').addEventListener('click', function () { pick(mode === 'add' ? null : 'add'); });
  $('move-stop').addEventListener('click', function () { pick(mode === 'move' ? null : 'move'); });
  $('photo-place').addEventListener('click', photoPlace);
  $('cancel-stop').addEventListener('click', function () {
    form.hidden = true;
    current = null;
    position = null;
    showDraft();
    pick(null);
    renderList();
  });
  form.addEventListener('submit', saveStop);

  data.stops.forEach(drawMarker);
  renderList();
}());
