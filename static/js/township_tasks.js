/* A township's task list, for planners and that township's staff: set a task's status (the
   preparation or clean-up status API, with the status version the page was drawn with) and
   upload or delete a before/after photo; the page reloads to show the result. Server messages are shown
   as text, never as HTML. */
(function () {
  'use strict';
  var root = document.getElementById('township-tasks');
  if (!root) { return; }
  var box = document.getElementById('township-message');
  var send = window.JiangleApi.send;
  function failed(error) { window.JiangleApi.showError(box, error); }

  function statusUrl(row) {
    if (row.dataset.section === 'prep') { return root.dataset.prep + '/' + row.dataset.task + '/status'; }
    return root.dataset.cleanup + '/tasks/' + encodeURIComponent(row.dataset.key);
  }

  root.querySelectorAll('select.jl-task-status-select').forEach(function (select) {
    select.addEventListener('change', function () {
      var row = select.closest('tr');
      var body = { status: select.value, version: Number(select.dataset.version) };
      send(statusUrl(row), 'PUT', body).then(function () { window.location.reload(); }, failed);
    });
  });

  root.querySelectorAll('form.jl-task-photo-form').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var row = form.closest('tr');
      var url = root.dataset.photos.replace('KEY', encodeURIComponent(row.dataset.key));
      send(url, 'POST', new FormData(form)).then(function () { window.location.reload(); }, failed);
    });
  });

  root.querySelectorAll('button.jl-task-photo-delete').forEach(function (button) {
    button.addEventListener('click', function () {
      send(button.dataset.url, 'DELETE').then(function () { window.location.reload(); }, failed);
    });
  });
}());
