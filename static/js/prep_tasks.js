/* Preparation tasks page, for planners and, for their own township's tasks, township staff:
   set a task's status (with the status version the page was drawn with) and add the standard
   tasks; the page reloads to show the new counts. Server messages are shown as text, never as
   HTML. */
(function () {
  'use strict';
  var root = document.getElementById('prep-tasks');
  if (!root) { return; }
  var api = root.dataset.api;
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var box = document.getElementById('prep-message');

  function send(url, method, body) {
    return fetch(url, {
      method: method,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrf },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (json) {
        if (!response.ok) { throw new Error(json.error || response.statusText); }
        return json;
      });
    });
  }

  function failed(error) {
    box.textContent = error.message;
    box.className = 'jl-plan-message error';
  }

  root.querySelectorAll('select.jl-prep-status').forEach(function (select) {
    select.addEventListener('change', function () {
      var row = select.closest('tr');
      var body = { status: select.value, version: Number(select.dataset.version) };
      send(api + '/' + row.dataset.task + '/status', 'PUT', body)
        .then(function () { window.location.reload(); }, failed);
    });
  });

  var standard = document.getElementById('prep-standard');
  if (standard) {
    standard.addEventListener('click', function () {
      send(api + '/standard', 'POST', {}).then(function () { window.location.reload(); }, failed);
    });
  }
}());
