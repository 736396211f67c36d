/* The plan list: delete a plan after a confirmation in its row (with the version it was listed
 * at), copy a plan and open the copy. */
(function () {
  'use strict';
  var question = document.currentScript.dataset.deleteQuestion;
  document.querySelectorAll('.jl-delete').forEach(function (button) {
    var cell = button.parentNode;
    var confirm = cell.querySelector('.jl-delete-confirm');
    var error = cell.querySelector('.jl-delete-error');
    button.addEventListener('click', function () {
      cell.querySelector('.jl-delete-question').textContent = question.split('{name}').join(button.dataset.name);
      error.textContent = '';
      confirm.hidden = false;
      button.hidden = true;
    });
    cell.querySelector('.jl-delete-no').addEventListener('click', function () { confirm.hidden = true; button.hidden = false; });
    cell.querySelector('.jl-delete-yes').addEventListener('click', function () {
      var token = document.querySelector('meta[name="csrf-token"]').content;
      fetch(button.dataset.url, {method: 'DELETE', headers: {'Content-Type': 'application/json', 'X-CSRFToken': token},
                                 body: JSON.stringify({version: Number(button.dataset.version)})})
        .then(function (r) { return r.json().then(function (b) { return [r.ok, b]; }); })
        .then(function (res) {
          if (res[0]) { cell.parentNode.remove(); return; }
          confirm.hidden = true;
          button.hidden = false;
          error.textContent = res[1].error;
        });
    });
  });
  document.querySelectorAll('.jl-copy').forEach(function (button) {
    button.addEventListener('click', function () {
      var token = document.querySelector('meta[name="csrf-token"]').content;
      fetch(button.dataset.url, {method: 'POST', headers: {'Content-Type': 'application/json', 'X-CSRFToken': token}, body: '{}'})
        .then(function (r) { return r.json().then(function (b) { return [r.ok, b]; }); })
        .then(function (res) { if (res[0]) { window.location = '/plans/' + res[1].id; } else { alert(res[1].error); } });
    });
  });
}());
