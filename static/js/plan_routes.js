/* The plan page's named routes: tabs to switch between the full tour of every site and each
 * route over part of them ("路线A 两天", "路线B 一天"); for planners, add, rename and delete a
 * route, set its day budget and end, and include or leave out a site by hand (kept on every
 * recompute). The routes travel unsaved with each tour request and are saved with the plan.
 * The chosen route's tour comes back with the sites it leaves out and why; this file lists them.
 * Tabs follow the WAI-ARIA tab pattern (arrow keys, Home, End). Text goes in with textContent. */
(function () {
  'use strict';

  var T = window.JiangleTour;
  var el = T.el;
  var FULL = 'all';
  var LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

  function copy(value) { return JSON.parse(JSON.stringify(value)); }

  /* options: tabs, editor, sites (elements), labels, canEdit, places [{id, name}], routes (as
   * saved), stopName(id), onChange() (a route edited or another route chosen). */
  function create(options) {
    var labels = options.labels;
    var routes = copy(options.routes || []);
    var current = FULL;

    function label(key, fields) { return T.label(labels, key, fields); }

    function find(key) { return routes.filter(function (r) { return r.key === key; })[0] || null; }

    function choose(key, focus, edit) {
      current = key;
      renderTabs(focus);
      renderEditor();
      linkPrints();
      options.sites.textContent = '';
      options.onChange({ edited: Boolean(edit) });
    }

    // The print pack, exports and clean-up links follow the route shown.
    function linkPrints() {
      document.querySelectorAll('#print-pack a, #plan-cleanup').forEach(function (a) {
        var url = new URL(a.href, window.location.href);
        if (current === FULL) { url.searchParams.delete('route'); } else { url.searchParams.set('route', current); }
        a.href = url.pathname + url.search;
      });
    }

    function edited() {
      renderTabs(false);
      options.onChange({ edited: true });
    }

    function nextKey() {
      for (let n = routes.length + 1; ; n += 1) {
        if (!find('r' + n)) { return 'r' + n; }
      }
    }

    // ---------------------------------------------------------------- tabs

    function renderTabs(focus) {
      var box = options.tabs;
      box.textContent = '';
      var all = [{ key: FULL, name: labels.route_full }].concat(routes);
      all.forEach(function (r, i) {
        var tab = el('button', 'jl-route-tab', r.key === FULL ? r.name : label('route_tab', { name: r.name, n: r.max_days }));
        tab.type = 'button';
        tab.id = 'route-tab-' + r.key;
        tab.setAttribute('role', 'tab');
        tab.setAttribute('data-route', r.key);
        tab.setAttribute('aria-selected', r.key === current ? 'true' : 'false');
        tab.setAttribute('aria-controls', 'timetable');
        tab.tabIndex = r.key === current ? 0 : -1;
        tab.addEventListener('click', function () { if (r.key !== current) { choose(r.key, true); } });
        tab.addEventListener('keydown', function (e) {
          var to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: all.length - 1 }[e.key];
          if (to === undefined) { return; }
          e.preventDefault();
          choose(all[(to + all.length) % all.length].key, true);
        });
        box.appendChild(tab);
      });
      if (focus) { document.getElementById('route-tab-' + current).focus(); }
    }

    // ---------------------------------------------------------------- editor (planners)

    function field(text, input) {
      var wrap = el('label', 'jl-route-field');
      wrap.appendChild(document.createTextNode(text + ' '));
      wrap.appendChild(input);
      return wrap;
    }

    function nameInput(value, id) {
      var input = el('input');
      input.type = 'text';
      input.id = id;
      input.maxLength = 60;
      input.value = value;
      return input;
    }

    function daysInput(value, id) {
      var input = el('input');
      input.type = 'number';
      input.id = id;
      input.min = '1';
      input.max = '14';
      input.value = String(value);
      return input;
    }

    function button(text, id, handler, kind) {
      var b = el('button', kind || 'secondary jl-mini', text);
      b.type = 'button';
      b.id = id;
      b.addEventListener('click', handler);
      return b;
    }

    function renderEditor() {
      var box = options.editor;
      box.textContent = '';
      if (!options.canEdit) { return; }
      var route = find(current);
      if (route) { box.appendChild(routeForm(route)); }
      var add = el('div', 'jl-route-form jl-route-add');
      var name = nameInput(label('route_new_name', { letter: LETTERS[routes.length % 26], n: 1 }), 'route-new-name');
      var days = daysInput(1, 'route-new-days');
      add.appendChild(field(labels.route_name_label, name));
      add.appendChild(field(labels.route_days_label, days));
      add.appendChild(button(labels.route_add, 'route-add', function () {
        var key = nextKey();
        routes.push({ key: key, name: name.value.trim(), max_days: Number(days.value) || days.value,
          settings: {}, include: [], exclude: [] });
        choose(key, false, true);
      }, 'jl-mini'));
      box.appendChild(add);
    }

    function routeForm(route) {
      var form = el('div', 'jl-route-form');
      var name = nameInput(route.name, 'route-name');
      form.appendChild(field(labels.route_name_label, name));
      form.appendChild(button(labels.route_rename, 'route-rename', function () {
        route.name = name.value.trim();
        edited();
      }));
      var days = daysInput(route.max_days, 'route-days');
      days.addEventListener('change', function () {
        route.max_days = Number(days.value) || days.value;
        edited();
      });
      form.appendChild(field(labels.route_days_label, days));
      var end = el('select');
      end.id = 'route-end';
      end.appendChild(el('option', null, labels.route_end_plan)).value = '';
      options.places.forEach(function (p) { end.appendChild(el('option', null, p.name)).value = p.id; });
      end.value = route.settings.end || '';
      end.addEventListener('change', function () {
        if (end.value) { route.settings.end = end.value; } else { delete route.settings.end; }
        edited();
      });
      form.appendChild(field(labels.route_end_label, end));
      form.appendChild(button(labels.route_delete, 'route-delete', function () {
        routes = routes.filter(function (r) { return r !== route; });
        choose(FULL, true, true);
      }, 'secondary jl-mini jl-danger-outline'));
      return form;
    }

    // ---------------------------------------------------------------- the route's sites

    function toggle(route, list, other, id) {
      if (route[list].indexOf(id) >= 0) {
        route[list] = route[list].filter(function (s) { return s !== id; });
      } else {
        route[list].push(id);
        route[other] = route[other].filter(function (s) { return s !== id; });
      }
      edited();
    }

    function choice(route, text, list, other, id, name) {
      var b = el('button', 'secondary jl-mini', text);
      b.type = 'button';
      b.setAttribute('aria-label', text + ': ' + name);
      b.addEventListener('click', function () { toggle(route, list, other, id); });
      return b;
    }

    /* The route's sites (each may be left out by hand) and the sites it leaves out, with why. */
    function show(tour) {
      var box = options.sites;
      box.textContent = '';
      var route = find(current);
      if (!route || !tour.route) { return; }
      var chosen = el('details', 'jl-route-chosen');
      chosen.appendChild(el('summary', null, label('route_chosen', { n: tour.stops.length })));
      var list = el('ul', 'jl-route-list');
      tour.stops.forEach(function (s) {
        var li = el('li', 'jl-route-site');
        li.setAttribute('data-stop-id', s.id);
        li.appendChild(el('span', 'jl-route-site-name', s.name));
        if (route.include.indexOf(s.id) >= 0) {
          li.appendChild(el('span', 'jl-route-why', labels.route_included));
          if (options.canEdit) { li.appendChild(choice(route, labels.route_undo_choice, 'include', 'exclude', s.id, s.name)); }
        } else if (options.canEdit) {
          li.appendChild(choice(route, labels.route_exclude, 'exclude', 'include', s.id, s.name));
        }
        list.appendChild(li);
      });
      chosen.appendChild(list);
      box.appendChild(chosen);
      var left = tour.route.left_out;
      box.appendChild(el('h4', 'jl-route-left-head', left.length ? label('route_left_out', { n: left.length }) : labels.route_none_left_out));
      var out = el('ul', 'jl-route-list jl-route-left');
      out.id = 'route-left-out';
      left.forEach(function (s) {
        var li = el('li', 'jl-route-site');
        li.setAttribute('data-stop-id', s.id);
        li.appendChild(el('span', 'jl-route-site-name', s.township ? s.name + '（' + s.township + '）' : s.name));
        li.appendChild(el('span', 'jl-route-why', s.reason));
        if (options.canEdit) {
          li.appendChild(s.excluded
            ? choice(route, labels.route_undo_choice, 'exclude', 'include', s.id, s.name)
            : choice(route, labels.route_include, 'include', 'exclude', s.id, s.name));
        }
        out.appendChild(li);
      });
      box.appendChild(out);
    }

    renderTabs(false);
    renderEditor();
    return {
      key: function () { return current; },
      routes: function () { return copy(routes); },
      show: show,
    };
  }

  window.JiangleRoutes = { create: create, FULL: FULL };
}());
