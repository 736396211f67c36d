/* The plan page's timetable, day by day (arrival, departure, the drive to each stop, lunch, the
 * day's totals), and the planner's hand edits of the days: move a stop to another day (drag it
 * onto the day, or pick the day under "Move to": keyboard-accessible), pin a stop to its day,
 * keep a day's order, undo and redo. The edits go to the server as `day_edits` {pins,
 * locked_days, previous}: `previous` is the days as shown, so the rest of the tour stays where it
 * was and the server can say what the edit did. plan.js owns the page; this file owns the timetable box. Text goes in with textContent. */
(function () {
  'use strict';

  var T = window.JiangleTour;
  var el = T.el;
  var duration = window.JiangleDuration.duration;
  var HISTORY = 30;  // undo steps kept

  function clock(value) { return value ? value.slice(11, 16) : ''; }

  function copy(value) { return JSON.parse(JSON.stringify(value)); }

  /* options: box (element), labels, canEdit, maxDays() (the most days allowed now),
   * edits (the saved day_edits or null), onEdit(info) (called after each edit, and after
 * undo/redo with info.history set). */
  function create(options) {
    var labels = options.labels;
    var box = options.box;
    var saved = options.edits || {};
    var cur = { pins: copy(saved.pins || {}), locked_days: copy(saved.locked_days || {}) };
    var days = copy(saved.previous || []);  // stop ids per day, as last shown
    var undos = [];
    var redos = [];
    var dragged = null;
    var warm = null;  // after undo/redo: the days to start from, until the next tour arrives
    var refocus = null;  // the stop whose "move to" list had the focus before the tour came back

    function label(key, fields) { return T.label(labels, key, fields); }

    function snapshot() { return { edits: copy(cur), days: copy(warm || days) }; }

    // Undo/redo start from the days as they were, so the tour comes back as it was shown.
    function restore(snap) {
      cur = copy(snap.edits);
      warm = copy(snap.days);
      options.onEdit({ history: true });
    }

    function record() {
      undos.push(snapshot());
      if (undos.length > HISTORY) { undos.shift(); }
      redos = [];
    }

    function dayOf(stop) {
      for (let d = 0; d < days.length; d += 1) {
        if (days[d].indexOf(stop) >= 0) { return d + 1; }
      }
      return null;
    }

    function dropFromKept(stop) {
      Object.keys(cur.locked_days).forEach(function (d) {
        var list = cur.locked_days[d].filter(function (s) { return s !== stop; });
        if (list.length) { cur.locked_days[d] = list; } else { delete cur.locked_days[d]; }
      });
    }

    /* Move `stop` to day `day` (before `before` when given and that day keeps its order). */
    function move(stop, day, before) {
      var from = dayOf(stop);
      var kept = cur.locked_days[String(day)];
      if (!from || (day === from && !(before && kept))) { return; }
      record();
      dropFromKept(stop);
      kept = cur.locked_days[String(day)];
      if (kept) {
        const at = before ? kept.indexOf(before) : -1;
        kept.splice(at < 0 ? kept.length : at, 0, stop);
      }
      cur.pins[stop] = day;
      options.onEdit({ stop: stop, day: day });
    }

    function togglePin(stop, day) {
      record();
      if (cur.pins[stop]) { delete cur.pins[stop]; } else { cur.pins[stop] = day; }
      options.onEdit();
    }

    function toggleKeep(day, on) {
      record();
      var key = String(day);
      if (on) {
        cur.locked_days[key] = days[day - 1].slice();
        days[day - 1].forEach(function (s) { if (cur.pins[s]) { cur.pins[s] = day; } });
      } else {
        delete cur.locked_days[key];
      }
      options.onEdit();
    }

    function undo() {
      if (!undos.length) { return; }
      redos.push(snapshot());
      restore(undos.pop());
    }

    function redo() {
      if (!redos.length) { return; }
      undos.push(snapshot());
      restore(redos.pop());
    }

    // ---------------------------------------------------------------- rendering

    function render(tour) {
      warm = null;
      days = tour.days.map(function (d) {
        return tour.stops.filter(function (s) { return s.day === d.day; }).map(function (s) { return s.id; });
      });
      var names = {};
      tour.geometry.features.forEach(function (f) {
        names[f.properties.from] = f.properties.from_name;
        names[f.properties.to] = f.properties.to_name;
      });
      tour.stops.forEach(function (s) { names[s.id] = s.name; });
      box.textContent = '';
      box.appendChild(tools());
      var change = el('p', 'jl-day-change', tour.change ? tour.change.text : '');
      change.id = 'day-change';
      change.setAttribute('role', 'status');
      box.appendChild(change);
      tour.days.forEach(function (d) { box.appendChild(daySection(tour, d, names)); });
      if (refocus) {
        const pick = box.querySelector('.jl-tt-stop[data-stop-id="' + CSS.escape(refocus) + '"] select');
        if (pick) { pick.focus(); }
        refocus = null;
      }
    }

    function clear() {
      box.textContent = '';
      if (options.canEdit && (undos.length || redos.length)) { box.appendChild(tools()); }
    }

    function tools() {
      var bar = el('div', 'jl-day-tools');
      if (!options.canEdit) { return bar; }
      bar.appendChild(el('p', 'jl-day-hint', labels.tt_drag_hint));
      [['day-undo', 'tt_undo', undo, undos], ['day-redo', 'tt_redo', redo, redos]].forEach(function (b) {
        var button = el('button', 'secondary jl-mini', labels[b[1]]);
        button.type = 'button';
        button.id = b[0];
        button.disabled = !b[3].length;
        button.addEventListener('click', b[2]);
        bar.appendChild(button);
      });
      return bar;
    }

    function daySection(tour, d, names) {
      var section = el('section', 'jl-day');
      section.setAttribute('data-day', d.day);
      section.setAttribute('aria-label', label('day_n', { n: d.day }));
      var head = el('h4', 'jl-day-head');
      head.appendChild(el('span', 'jl-day-name', label('day_n', { n: d.day }) + ' ' + d.date.slice(5)));
      head.appendChild(el('span', 'jl-day-hours', clock(d.start) + '–' + clock(d.end)));
      section.appendChild(head);
      section.appendChild(el('div', 'jl-day-totals', label('tt_day_totals', {
        km: d.km.toFixed(1), driving: duration(d.driving_minutes), visiting: duration(d.visiting_minutes),
      })));
      if (options.canEdit) { section.appendChild(keepSwitch(d.day)); }
      var legs = tour.legs.filter(function (g) { return g.day === d.day; });
      var list = el('ol', 'jl-day-stops');
      if (legs.length) {
        list.appendChild(el('li', 'jl-tt-end', label('tt_leave', { time: clock(legs[0].depart), place: names[legs[0].from] })));
      }
      var lunchDone = !d.lunch;
      tour.stops.filter(function (s) { return s.day === d.day; }).forEach(function (s) {
        if (!lunchDone && s.arrival >= d.lunch.start) {
          list.appendChild(lunchRow(d.lunch, names));
          lunchDone = true;
        }
        var leg = legs.filter(function (g) { return g.to === s.id; })[0];
        list.appendChild(stopRow(s, leg, d.day, tour.days.length));
      });
      if (!lunchDone) { list.appendChild(lunchRow(d.lunch, names)); }
      var last = legs[legs.length - 1];
      if (last && days[d.day - 1].indexOf(last.to) < 0) {
        list.appendChild(el('li', 'jl-tt-end', label('tt_back', { time: clock(last.arrive), place: names[last.to] })
          + ' · ' + label('tt_leg', { km: last.km.toFixed(1), time: duration(last.minutes) })));
      }
      section.appendChild(list);
      if (options.canEdit) { dropTarget(section, d.day); }
      return section;
    }

    function lunchRow(lunch, names) {
      var where = lunch.at ? label('tt_lunch_at', { place: names[lunch.at] || lunch.at })
        : (lunch.on_way_to ? label('tt_lunch_on_way', { place: names[lunch.on_way_to] || lunch.on_way_to }) : labels.tt_lunch);
      return el('li', 'jl-tt-lunch', clock(lunch.start) + '–' + clock(lunch.end) + ' ' + where);
    }

    function stopRow(s, leg, day, count) {
      var row = el('li', 'jl-tt-stop');
      row.setAttribute('data-stop-id', s.id);
      var time = el('span', 'jl-tt-time', clock(s.arrival) + '–' + clock(s.departure));
      row.appendChild(time);
      row.appendChild(el('span', 'jl-tt-name', s.name));
      var sub = [];
      if (leg) { sub.push(label('tt_leg', { km: leg.km.toFixed(1), time: duration(leg.minutes) })); }
      if (s.wait_minutes) { sub.push(label('tt_wait', { time: duration(s.wait_minutes) })); }
      row.appendChild(el('span', 'jl-tt-sub', sub.join(' · ')));
      if (options.canEdit) {
        row.appendChild(controls(s, day, count));
        row.draggable = true;
        row.addEventListener('dragstart', function (e) {
          dragged = s.id;
          e.dataTransfer.effectAllowed = 'move';
          e.dataTransfer.setData('text/plain', s.id);
          row.classList.add('jl-dragging');
        });
        row.addEventListener('dragend', function () { row.classList.remove('jl-dragging'); });
      }
      return row;
    }

    function controls(s, day, count) {
      var box = el('span', 'jl-tt-controls');
      var kept = Boolean(cur.locked_days[String(day)]);
      var pin = el('button', 'jl-mini jl-pin', cur.pins[s.id] ? '📌 ' + labels.tt_pinned : labels.tt_pin);
      pin.type = 'button';
      pin.setAttribute('aria-pressed', cur.pins[s.id] ? 'true' : 'false');
      pin.setAttribute('aria-label', labels.tt_pin + ': ' + s.name);
      pin.disabled = kept;
      pin.addEventListener('click', function () { togglePin(s.id, day); });
      box.appendChild(pin);
      var pick = el('select', 'jl-move-day');
      pick.setAttribute('aria-label', label('tt_move_label', { name: s.name }));
      var top = Math.max(count, Math.min(count + 1, options.maxDays()));
      pick.appendChild(el('option', null, labels.tt_move + '…')).value = '';
      for (let n = 1; n <= top; n += 1) {
        const option = el('option', null, label('day_n', { n: n }));
        option.value = String(n);
        option.disabled = n === day;
        pick.appendChild(option);
      }
      pick.addEventListener('change', function () {
        if (!pick.value) { return; }
        refocus = s.id;
        move(s.id, Number(pick.value));
      });
      box.appendChild(pick);
      return box;
    }

    function keepSwitch(day) {
      var wrap = el('label', 'jl-keep-order');
      var box = el('input');
      box.type = 'checkbox';
      box.checked = Boolean(cur.locked_days[String(day)]);
      box.addEventListener('change', function () { toggleKeep(day, box.checked); });
      wrap.appendChild(box);
      wrap.appendChild(document.createTextNode(' ' + labels.tt_keep_order));
      return wrap;
    }

    function dropTarget(section, day) {
      section.addEventListener('dragover', function (e) {
        if (!dragged) { return; }
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        section.classList.add('jl-drop-here');
      });
      section.addEventListener('dragleave', function () { section.classList.remove('jl-drop-here'); });
      section.addEventListener('drop', function (e) {
        e.preventDefault();
        section.classList.remove('jl-drop-here');
        var stop = dragged || e.dataTransfer.getData('text/plain');
        dragged = null;
        var onto = e.target.closest ? e.target.closest('.jl-tt-stop') : null;
        var before = onto ? onto.getAttribute('data-stop-id') : null;
        if (stop && stop !== before) { move(stop, day, before); }
      });
    }

    return {
      render: render,
      clear: clear,
      edits: function () {
        return { pins: copy(cur.pins), locked_days: copy(cur.locked_days), previous: copy(warm || days) };
      },
    };
  }

  window.JiangleDays = { create: create };
}());
