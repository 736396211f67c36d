/* Preparation tasks page, for planners and, for their own township's tasks, township staff:
   set a task's status (with the status version the page was drawn with) and add the standard
   tasks; the page reloads to show the new counts. Server messages are shown as text, never as
   HTML. */
(function () {
  'use strict';
  var root = document.getElementById('prep-tasks');
  if (!root) { return; }
  var api = root.dataset.api;
  var box = document.getElementById('prep-message');
  var send = window.JiangleApi.send;
  function failed(error) { window.JiangleApi.showError(box, error); }

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
