/* The indicator archive page, for planners: save the responsibility, method and a new value with
   the version the page was drawn with; upload an evidence file; delete one. The page reloads to
   show the result; server messages are shown as text. */
(function () {
  'use strict';
  var box = document.getElementById('archive');
  if (!box) { return; }
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var message = document.getElementById('archive-message');

  function failed(error) {
    message.textContent = error.message;
    message.className = 'jl-plan-message error';
  }

  function send(url, options) {
    options.credentials = 'same-origin';
    options.headers = Object.assign({ 'X-CSRFToken': csrf }, options.headers || {});
    return fetch(url, options).then(function (response) {
      return response.json().catch(function () { return { error: response.statusText }; })
        .then(function (json) {
          if (!response.ok) { throw new Error(json.error || response.statusText); }
          return json;
        });
    });
  }

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
    send(box.dataset.api, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      .then(function () { window.location.reload(); }, failed);
  });

  document.getElementById('evidence-form').addEventListener('submit', function (event) {
    event.preventDefault();
    send(box.dataset.api + '/evidence', { method: 'POST', body: new FormData(event.target) })
      .then(function () { window.location.reload(); }, failed);
  });

  box.querySelectorAll('.jl-evidence-delete').forEach(function (button) {
    button.addEventListener('click', function () {
      var id = button.closest('li').dataset.evidence;
      send(box.dataset.api + '/evidence/' + id, { method: 'DELETE' })
        .then(function () { window.location.reload(); }, failed);
    });
  });
}());
