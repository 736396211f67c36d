/* The indicator archive page, for planners: save the responsibility, method and a new value with
   the version the page was drawn with; upload an evidence file; delete one. The page reloads to
   show the result; server messages are shown as text. */
(function () {
  'use strict';
  var box = document.getElementById('archive');
  if (!box) { return; }
  var message = document.getElementById('archive-message');
  var send = window.JiangleApi.send;
  function failed(error) { window.JiangleApi.showError(message, error); }

  document.getElementById('archive-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var body = { version: Number(box.dataset.version) };
    new FormData(event.target).forEach(function (value, key) {
      if (key === 'value') {
        if (value !== '') { body.value = Number(value); }
      } else if (key === 'as_of' || key === 'note') {
        if (value !== '') { body[key] = value; }
      } else {
        body[key] = value;
      }
    });
    send(box.dataset.api, 'PUT', body)
      .then(function () { window.location.reload(); }, failed);
  });

  document.getElementById('evidence-form').addEventListener('submit', function (event) {
    event.preventDefault();
    send(box.dataset.api + '/evidence', 'POST', new FormData(event.target))
      .then(function () { window.location.reload(); }, failed);
  });

  box.querySelectorAll('.jl-evidence-delete').forEach(function (button) {
    button.addEventListener('click', function () {
      var id = button.closest('li').dataset.evidence;
      send(box.dataset.api + '/evidence/' + id, 'DELETE')
        .then(function () { window.location.reload(); }, failed);
    });
  });
}());
