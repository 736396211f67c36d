/* Showcase plan page: pick or drop sites on the map or in the list, see the quota and theme
 * status, the tour recomputed after each change of the selection or of the tour settings (sent
 * unsaved, checked by the server), save with the version, delete, suggest a set, what-if.
 * The tour is drawn by tour_layer.js (shared with the county map).
 * Every text from the data goes into the page with textContent: never innerHTML. */
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('plan-data').textContent);
  var map = window.jiangleMap;
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var labels = data.labels;
  var T = window.JiangleTour;
  var el = T.el;
  var duration = window.JiangleDuration.duration;
  var change = window.JiangleDuration.change;

  var state = {
    sites: data.plan.sites.slice(),
    locked: data.plan.locked.slice(),
    status: data.plan.status,
    version: data.plan.version,
    quotaMin: data.quota.min,  // the county's bounds (an admin's setting), not the plan's
    quotaMax: data.quota.max,
    dirty: false,
    dayEdited: false,
    drop: [],
    closed: [],
    closeAt: [],
    closeMode: false,
  };
  var stops = {};
  data.stops.forEach(function (s) { stops[s.id] = s; });
  var removedNames = {};
  data.removed.forEach(function (r) { removedNames[r.id] = r.name; });
  var themes = {};
  data.themes.forEach(function (t) { themes[t.key] = t; });
  var markers = {};
  var rows = {};
  var tourLayer = T.create(map, { labels: labels, locate: function (id) { return stops[id] || null; } });
  var lastTour = null;
  function onDayEdit(info) {
    state.dayEdited = !info?.history;  // the next tour says what an edit (not undo) did
    state.dirty = true;
    message(labels.plan_unsaved, 'info');
    scheduleTour();
  }
  function timetable(edits, maxDays) {
    return window.JiangleDays.create({
      box: document.getElementById('timetable'), labels: labels, canEdit: data.can_edit,
      edits: edits, maxDays: maxDays, onEdit: onDayEdit,
    });
  }
  var days = timetable(data.plan.day_edits, function () { return Number(settings().max_days) || 1; });
  // Each named route has its own timetable edits (pins, kept days, undo/redo), saved with it.
  var routeDays = {};
  function daysOf(key) {
    if (key === window.JiangleRoutes.FULL) { return days; }
    if (!routeDays[key]) {
      routeDays[key] = timetable(routeOf(key)?.day_edits, function () { return Number(routeOf(key)?.max_days) || 1; });
    }
    return routeDays[key];
  }
  function routeOf(key) { return routes.routes().filter(function (r) { return r.key === key; })[0] || null; }
  // The routes as saved and sent: each with its timetable's edits (a deleted route's are dropped).
  function routesSent() {
    Object.keys(routeDays).forEach(function (key) { if (!routeOf(key)) { delete routeDays[key]; } });
    return routes.routes().map(function (r) {
      return Object.assign(r, { day_edits: routeDays[r.key] ? routeDays[r.key].edits() : r.day_edits });
    });
  }
  var routes = window.JiangleRoutes.create({
    tabs: document.getElementById('route-tabs'),
    editor: document.getElementById('route-editor'),
    sites: document.getElementById('route-sites'),
    labels: labels,
    canEdit: data.can_edit,
    places: data.places,
    routes: data.plan.routes,
    onChange: function (info) {
      if (info.edited) {
        state.dirty = true;
        message(labels.plan_unsaved, 'info');
      }
      scheduleTour();
    },
  });
  var closedLayer = L.layerGroup().addTo(map);
  var pickLayer = L.featureGroup().addTo(map);
  // candidate circles above the plant icons (a plant visit sits on its plant) and the badges
  map.createPane('jlPick').style.zIndex = 640;
  var requestNo = 0;
  var timer = null;

  // ------------------------------------------------------------------ small helpers

  function $(id) { return document.getElementById(id); }

  function label(key, fields) { return T.label(labels, key, fields); }

  function signed(value, digits) {
    var v = Number(value).toFixed(digits);
    return (value > 0 ? '+' : '') + v;
  }

  function message(text, kind) {
    var box = $('plan-message');
    box.textContent = '';
    box.className = 'jl-plan-message' + (kind ? ' ' + kind : '');
    if (text) { box.appendChild(el('span', null, text)); }
    return box;
  }

  function api(url, method, body) {
    return fetch(url, {
      method: method,
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    }).then(function (response) {
      return response.json().catch(function () { return { error: response.statusText }; })
        .then(function (json) { return { status: response.status, ok: response.ok, body: json }; });
    });
  }

  function has(list, id) { return list.indexOf(id) >= 0; }

  // A site may have been removed from the stops layer since the plan was saved.
  function known(id) { return Boolean(stops[id]); }

  function stopName(id) { return known(id) ? stops[id].name : (removedNames[id] || id); }

  function without(list, id) { return list.filter(function (x) { return x !== id; }); }

  // ------------------------------------------------------------------ selection

  function toggle(id) {
    if (!data.can_edit) { return; }
    if (has(state.sites, id)) {
      state.sites = without(state.sites, id);
      state.locked = without(state.locked, id);
      state.drop = without(state.drop, id);
    } else {
      state.sites.push(id);
    }
    changed();
  }

  // "Drop it" / "use the new stop instead" for a site removed from the layer (plan_removed.js).
  function replaceSite(old, replacement) {
    state.sites = without(state.sites, old);
    state.locked = without(state.locked, old);
    if (replacement && known(replacement) && !has(state.sites, replacement)) { state.sites.push(replacement); }
    changed();
  }

  function toggleLock(id) {
    state.locked = has(state.locked, id) ? without(state.locked, id) : state.locked.concat([id]);
    changed();
  }

  function toggleDrop(id) {
    state.drop = has(state.drop, id) ? without(state.drop, id) : state.drop.concat([id]);
    render();
    scheduleTour();
  }

  function changed() {
    state.dirty = true;
    message(labels.plan_unsaved, 'info');
    render();
    scheduleTour();
  }

  // ------------------------------------------------------------------ markers and list

  function buildMarkers() {
    data.stops.forEach(function (s) {
      var marker = L.circleMarker([s.lat, s.lon], {
        radius: 7, weight: 1, color: '#37474f', fillColor: themes[s.theme].colour,
        fillOpacity: 0.35, className: 'jl-pick', pane: 'jlPick',
      });
      var tip = el('div', 'jl-pick-tip');
      tip.appendChild(el('strong', null, s.name));
      tip.appendChild(el('div', null, themes[s.theme].label + ' · ' + (labels[s.readiness] || s.readiness)));
      marker.bindTooltip(tip);
      marker.on('click', function (event) {
        L.DomEvent.stopPropagation(event);
        if (!state.closeMode) { toggle(s.id); }
      });
      marker.addTo(pickLayer);
      marker.getElement().setAttribute('data-stop-id', s.id);
      markers[s.id] = marker;
    });
  }

  function buildList() {
    var box = $('candidates');
    data.townships.forEach(function (t) {
      var section = el('section', 'jl-town');
      section.setAttribute('data-township', t.code);
      var head = el('h4', 'jl-town-head');
      head.appendChild(el('span', 'jl-town-name', t.name));
      var count = el('span', 'jl-town-count');
      head.appendChild(count);
      section.appendChild(head);
      data.stops.filter(function (s) { return s.township === t.code; }).forEach(function (s) {
        section.appendChild(buildRow(s));
      });
      box.appendChild(section);
      rows['town:' + t.code] = count;
    });
  }

  // a stop the township added or changed since the plan was saved
  function townshipFlag(flag) {
    var badge = el('span', 'jl-site-flag jl-site-flag-' + flag.kind, flag.label);
    badge.title = flag.title;
    return badge;
  }

  function buildRow(s) {
    var row = el('div', 'jl-cand');
    row.setAttribute('data-stop-id', s.id);
    var pick = el('input');
    pick.type = 'checkbox';
    pick.disabled = !data.can_edit;
    pick.setAttribute('aria-label', s.name);
    row.appendChild(pick);
    var dot = el('span', 'jl-dot');
    dot.style.background = themes[s.theme].colour;
    row.appendChild(dot);
    var main = el('span', 'jl-cand-main');
    main.appendChild(el('span', 'jl-cand-name', s.name));
    if (s.township_flag) { main.appendChild(townshipFlag(s.township_flag)); }
    main.appendChild(el('span', 'jl-cand-sub', themes[s.theme].label + ' · ' + s.visit_minutes + ' ' + labels.minutes));
    row.appendChild(main);
    row.appendChild(el('span', 'jl-ready jl-ready-' + s.readiness, labels[s.readiness] || s.readiness));
    var lock = el('button', 'jl-mini jl-lock');
    lock.type = 'button';
    lock.hidden = !data.can_edit;
    lock.addEventListener('click', function (e) { e.stopPropagation(); toggleLock(s.id); });
    row.appendChild(lock);
    var drop = el('button', 'jl-mini jl-drop', labels.plan_whatif_drop);
    drop.type = 'button';
    drop.addEventListener('click', function (e) { e.stopPropagation(); toggleDrop(s.id); });
    row.appendChild(drop);
    row.addEventListener('click', function (e) {
      if (e.target !== pick) { e.preventDefault(); }
      toggle(s.id);
    });
    rows[s.id] = { row: row, pick: pick, lock: lock, drop: drop };
    return row;
  }

  function render() {
    data.stops.forEach(function (s) {
      var on = has(state.sites, s.id);
      var r = rows[s.id];
      r.pick.checked = on;
      r.row.classList.toggle('jl-picked', on);
      r.row.classList.toggle('jl-dropped', has(state.drop, s.id));
      r.lock.hidden = !data.can_edit || !on;
      r.lock.textContent = has(state.locked, s.id) ? '🔒 ' + labels.plan_unlock : labels.plan_lock;
      r.drop.hidden = !on;
      markers[s.id].setStyle(on
        ? { radius: 9, weight: 3, color: '#111', fillOpacity: 1 }
        : { radius: 7, weight: 1, color: '#37474f', fillOpacity: 0.35 });
      markers[s.id].getElement().classList.toggle('jl-picked', on);
    });
    renderQuota();
    renderMeta();
  }

  function renderQuota() {
    var counts = {};
    state.sites.filter(known).forEach(function (id) { counts[stops[id].township] = (counts[stops[id].township] || 0) + 1; });
    var bar = $('quota-bar');
    bar.textContent = '';
    var outside = 0;
    data.townships.forEach(function (t) {
      var n = counts[t.code] || 0;
      var kind = n < state.quotaMin ? 'few' : (n > state.quotaMax ? 'many' : 'ok');
      if (kind !== 'ok') { outside += 1; }
      var chip = el('span', 'jl-q jl-q-' + kind, t.name + ' ' + n);
      chip.title = labels['plan_' + kind];
      chip.setAttribute('data-township', t.code);
      chip.setAttribute('data-state', kind);
      bar.appendChild(chip);
      rows['town:' + t.code].textContent = n + ' / ' + state.quotaMin + '–' + state.quotaMax;
      rows['town:' + t.code].className = 'jl-town-count jl-q-' + kind;
    });
    var summary = $('quota-summary');
    summary.textContent = outside ? label('plan_incomplete', { n: outside }) : labels.plan_complete;
    summary.className = 'jl-quota-summary ' + (outside ? 'incomplete' : 'complete');
    summary.setAttribute('data-complete', outside ? 'false' : 'true');
    renderThemes();
  }

  function renderThemes() {
    var have = {};
    state.sites.filter(known).forEach(function (id) { have[stops[id].theme] = (have[stops[id].theme] || 0) + 1; });
    var bar = $('theme-bar');
    bar.textContent = '';
    var missing = [];
    data.themes.forEach(function (t) {
      var n = have[t.key] || 0;
      if (!n) { missing.push(t.label); }
      var chip = el('span', 'jl-theme ' + (n ? 'covered' : 'missing'), t.label + ' ' + n);
      chip.style.borderColor = t.colour;
      chip.setAttribute('data-theme', t.key);
      bar.appendChild(chip);
    });
    bar.appendChild(el('div', 'jl-theme-note', missing.length
      ? label('plan_themes_missing', { t: missing.join('、') }) : labels.plan_all_themes));
  }

  function renderMeta() {
    $('plan-version').textContent = state.version;
    $('plan-status').textContent = state.status === 'final' ? labels.plan_final_badge : labels.plan_draft_badge;
    var button = $('toggle-final');
    if (button) { button.textContent = state.status === 'final' ? labels.plan_not_final : labels.plan_final; }
  }

  // ------------------------------------------------------------------ tour

  function scheduleTour() {
    clearTimeout(timer);
    timer = setTimeout(loadTour, 250);
  }

  function loadTour() {
    var mine = ++requestNo;
    var sent = settings();
    $('tour-error').textContent = '';
    var explain = state.dayEdited;
    state.dayEdited = false;
    $('tour-totals').textContent = labels.plan_computing;
    api(data.urls.route, 'POST', Object.assign({}, sent, {
      sites: state.sites, drop_sites: state.drop, closed_roads: state.closed, close_at: state.closeAt,
      day_edits: days.edits(), what_changed: explain, routes: routesSent(), route: routes.key(),
    })).then(function (res) {
      if (mine !== requestNo) { return; }
      if (settingsRefused(res)) {  // keep the last good tour
        if (lastTour) { renderTotals(lastTour); } else { $('tour-totals').textContent = ''; }
        return;
      }
      if (!res.ok) {
        tourLayer.clear();
        daysOf(routes.key()).clear();
        document.getElementById('route-sites').textContent = '';
        lastTour = null;
        $('tour-totals').textContent = '';
        $('tour-error').textContent = res.body.error || String(res.status);
        return;
      }
      if (res.body.whatif) {
        state.closed = res.body.whatif.closed_roads;
        state.closeAt = [];
      }
      drawTour(res.body);
    });
  }

  // A refused setting: the server's message next to the panel; true if so.
  function settingsRefused(res) {
    var refused = !res.ok && res.body.settings === true;
    var box = $('settings-error');
    box.textContent = refused ? res.body.error : '';
    $('plan-settings').classList.toggle('jl-invalid', refused);
    return refused;
  }

  function drawTour(tour) {
    lastTour = tour;
    tourLayer.draw(tour);
    daysOf(routes.key()).render(tour);
    routes.show(tour);
    closedLayer.clearLayers();
    if (tour.whatif) {
      L.geoJSON(tour.whatif.closed_geometry, {
        style: function () { return { color: '#b71c1c', weight: 6, dashArray: '6 6', className: 'jl-closed-road' }; },
        interactive: false,
      }).addTo(closedLayer);
    }
    renderTotals(tour);
  }

  function renderTotals(tour) {
    T.totals($('tour-totals'), tour, labels);
    var info = $('whatif-info');
    info.textContent = '';
    if (tour.whatif) {
      const w = tour.whatif;
      if (w.closed_roads.length) { info.appendChild(el('div', null, labels.plan_whatif_closed + ': ' + w.closed_roads.join(', '))); }
      if (w.drop_sites.length) {
        info.appendChild(el('div', null, labels.plan_whatif_drop + ': ' + w.drop_sites.map(stopName).join('、')));
      }
      info.appendChild(el('div', 'jl-delta', labels.plan_difference + ': ' + signed(w.delta.km, 1) + ' ' + labels.km + ', '
        + labels.plan_driving + ' ' + change(w.delta.driving_minutes) + ', '
        + labels.plan_days + ' ' + signed(w.delta.days, 0)));
    }
  }

  // ------------------------------------------------------------------ save

  function settings() {
    var form = $('plan-settings');
    var value = function (n) { return form.querySelector('[name=' + n + ']').value; };
    var whole = function (n) { var v = Number(value(n)); return value(n) === '' || Number.isNaN(v) ? value(n) : v; };
    return {
      start: value('start'), end: value('end') || null, depart: value('depart').slice(0, 16),
      day_start: value('day_start').slice(0, 5), day_end: value('day_end').slice(0, 5),
      lunch: { from: value('lunch_from').slice(0, 5), to: value('lunch_to').slice(0, 5), minutes: whole('lunch_minutes') },
      max_days: whole('max_days'),
    };
  }

  function save(status) {
    var body = Object.assign(settings(), {
      version: state.version, sites: state.sites, locked: state.locked, status: status || state.status,
      day_edits: days.edits(), routes: routesSent(),
    });
    message(labels.plan_computing, 'info');
    return api(data.urls.plan, 'PUT', body).then(function (res) {
      if (res.ok) {
        state.version = res.body.version;
        state.status = res.body.status;
        render();
        scheduleTour();
        state.dirty = false;
        message(label('plan_saved', { v: res.body.version }), 'ok');
        renderMeta();
      } else if (res.status === 409) {
        conflict();
      } else {
        const box = message(res.body.error || String(res.status), 'error');
        if (res.body.violations) {
          const list = el('ul');
          res.body.violations.forEach(function (v) { list.appendChild(el('li', null, v.message)); });
          box.appendChild(list);
        }
      }
      return res;
    });
  }

  function conflict() {
    api(data.urls.plan, 'GET').then(function (res) {
      var current = res.body || {};
      var box = message(label('plan_conflict', { user: current.updated_by || '?', v: current.version || '?' }), 'error conflict');
      var reload = el('button', 'secondary', labels.plan_reload);
      reload.type = 'button';
      reload.addEventListener('click', function () { state.dirty = false; window.location.reload(); });
      box.appendChild(reload);
    });
  }

  // ------------------------------------------------------------------ delete

  // A confirmation step in the message box; the delete carries the loaded version.
  function confirmDelete() {
    var box = message(label('plan_delete_confirm', { name: data.plan.name }), 'error jl-confirm');
    var yes = el('button', 'jl-danger', labels.plan_delete_yes);
    yes.type = 'button';
    yes.id = 'confirm-delete';
    var no = el('button', 'secondary', labels.plan_cancel);
    no.type = 'button';
    no.id = 'cancel-delete';
    no.addEventListener('click', function () { message(state.dirty ? labels.plan_unsaved : '', 'info'); });
    yes.addEventListener('click', function () {
      yes.disabled = true;
      api(data.urls.plan, 'DELETE', { version: state.version }).then(function (res) {
        if (res.ok) {
          state.dirty = false;
          window.location = data.urls.list;
        } else if (res.status === 409) {
          conflict();
        } else {
          message(res.body.error || String(res.status), 'error');
        }
      });
    });
    box.appendChild(yes);
    box.appendChild(no);
  }

  // ------------------------------------------------------------------ proposal

  function suggest() {
    var box = $('proposal');
    box.hidden = false;
    box.textContent = labels.plan_computing;
    api(data.urls.suggest, 'POST', Object.assign(settings(), {
      sites: state.sites, locked: state.locked, drop_sites: state.drop, closed_roads: state.closed,
    })).then(function (res) {
      box.textContent = '';
      settingsRefused(res);
      if (!res.ok) { box.appendChild(el('p', 'jl-error-text', res.body.error || String(res.status))); return; }
      showProposal(box, res.body);
    });
  }

  function figures(totals, themesCovered) {
    return totals.km.toFixed(1) + ' ' + labels.km + ' · ' + duration(totals.driving_minutes) + ' · '
      + totals.days + ' ' + labels.plan_days + (themesCovered === undefined ? '' : ' · ' + themesCovered + '/' + data.themes.length);
  }

  function showProposal(box, p) {
    box.appendChild(el('h3', null, labels.plan_proposal));
    var covered = data.themes.length - p.quota.themes_missing.length;
    box.appendChild(el('div', 'jl-prop-figures', labels.plan_proposal + ': ' + figures(p.tour.totals, covered)));
    if (p.current?.totals) {
      box.appendChild(el('div', null, labels.plan_current + ': ' + figures(p.current.totals)));
      box.appendChild(el('div', 'jl-delta', labels.plan_difference + ': ' + signed(p.current.delta.km, 1) + ' ' + labels.km
        + ', ' + change(p.current.delta.driving_minutes) + ', ' + signed(p.current.delta.days, 0) + ' ' + labels.plan_days));
    } else if (p.current?.error) {
      box.appendChild(el('div', 'jl-error-text', labels.plan_current + ': ' + p.current.error));
    }
    var changes = el('ul', 'jl-prop-changes');
    p.added.forEach(function (id) { changes.appendChild(el('li', 'added', '+ ' + stopName(id))); });
    p.removed.forEach(function (id) { changes.appendChild(el('li', 'removed', '− ' + stopName(id))); });
    box.appendChild(changes);
    var apply = el('button', null, labels.plan_apply);
    apply.type = 'button';
    apply.id = 'apply-proposal';
    apply.addEventListener('click', function () {
      state.sites = p.sites.slice();
      state.locked = state.locked.filter(function (id) { return has(state.sites, id); });
      state.drop = [];
      box.hidden = true;
      changed();
    });
    var dismiss = el('button', 'secondary', labels.plan_dismiss);
    dismiss.type = 'button';
    dismiss.addEventListener('click', function () { box.hidden = true; });
    box.appendChild(apply);
    box.appendChild(dismiss);
  }

  // ------------------------------------------------------------------ wiring

  function wire() {
    var saveButton = $('save-plan');
    if (saveButton) { saveButton.addEventListener('click', function () { save(); }); }
    var finalButton = $('toggle-final');
    if (finalButton) {
      finalButton.addEventListener('click', function () { save(state.status === 'final' ? 'draft' : 'final'); });
    }
    var suggestButton = $('suggest');
    if (suggestButton) { suggestButton.addEventListener('click', suggest); }
    $('plan-settings').addEventListener('change', function () {
      state.dirty = true;
      message(labels.plan_unsaved, 'info');
      scheduleTour();  // the server checks the settings
    });
    var deleteButton = $('delete-plan');
    if (deleteButton) { deleteButton.addEventListener('click', confirmDelete); }
    $('close-mode').addEventListener('click', function () {
      state.closeMode = !state.closeMode;
      $('close-mode').classList.toggle('active', state.closeMode);
      map.getContainer().classList.toggle('jl-closing', state.closeMode);
    });
    $('whatif-clear').addEventListener('click', function () {
      state.closed = [];
      state.closeAt = [];
      state.drop = [];
      render();
      scheduleTour();
    });
    map.on('click', function (e) {
      if (!state.closeMode) { return; }
      state.closeAt.push([e.latlng.lng, e.latlng.lat]);
      state.closeMode = false;
      $('close-mode').classList.remove('active');
      map.getContainer().classList.remove('jl-closing');
      scheduleTour();
    });
    window.addEventListener('beforeunload', function (e) {
      if (state.dirty) { e.preventDefault(); e.returnValue = ''; }
    });
  }

  labels.plan_final_badge = data.status_labels.final;
  labels.plan_draft_badge = data.status_labels.draft;
  buildMarkers();
  buildList();
  wire();
  render();
  scheduleTour();
  window.jianglePlan = state;
  window.jianglePlanSites = { replace: replaceSite };
}());
