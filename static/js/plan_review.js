/* The review visit on the plan page: load the dates (and, for planners, the expert panel) with
   the history of date changes, and save them with the version loaded; a stale copy or a refused field shows the server's message
   as text. Separate from plan.js: the visit has its own version, so saving it never makes the
   plan's open copy stale. */
(function () {
  'use strict';
  var box = document.getElementById('review-visit');
  if (!box) { return; }
  var message = document.getElementById('review-message');
  var rows = document.getElementById('review-experts');
  var version = 0;

  function field(name) { return box.querySelector('[name=' + name + ']'); }

  function say(text, kind) {
    message.textContent = text;
    message.className = 'jl-plan-message ' + (kind || '');
  }

  function addExpert(expert) {
    var row = document.getElementById('review-expert-row').content.firstElementChild.cloneNode(true);
    ['name', 'affiliation', 'role'].forEach(function (key) {
      row.querySelector('[name=' + key + ']').value = expert?.[key] || '';
    });
    row.querySelector('.jl-expert-remove').addEventListener('click', function () { row.remove(); });
    rows.appendChild(row);
  }

  function show(visit) {
    version = visit.version;
    field('review_start').value = visit.start || '';
    field('review_end').value = visit.end || '';
    if (!visit.start) { say(box.dataset.unset, 'info'); }
    if (rows && visit.experts) {
      rows.textContent = '';
      visit.experts.forEach(addExpert);
    }
    var history = document.getElementById('review-history');
    history.textContent = '';
    (visit.history || []).forEach(function (sentence) {
      var item = document.createElement('li');
      item.textContent = sentence;
      history.appendChild(item);
    });
  }

  function body() {
    var out = { version: version, start: field('review_start').value || null, end: field('review_end').value || null };
    if (rows) {
      out.experts = Array.prototype.map.call(rows.children, function (row) {
        return {
          name: row.querySelector('[name=name]').value,
          affiliation: row.querySelector('[name=affiliation]').value,
          role: row.querySelector('[name=role]').value
        };
      });
    }
    return out;
  }

  function save() {
    window.JiangleApi.send(box.dataset.url, 'PUT', body()).then(function (json) {
      show(json);
      say(box.dataset.saved.replace('{v}', json.version), 'ok');
    }, function (error) { say(error.message, 'error'); });
  }

  fetch(box.dataset.url, { credentials: 'same-origin' })
    .then(function (response) { return response.json(); })
    .then(show);
  var saveButton = document.getElementById('review-save');
  if (saveButton) {
    saveButton.addEventListener('click', save);
    document.getElementById('review-add-expert').addEventListener('click', function () { addExpert({}); });
  }
}());
