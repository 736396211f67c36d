/* What the user typed survives an expired session: on submit, a form's visible fields (never
 * passwords, files or the hidden CSRF token) are kept in this tab's sessionStorage under the
 * page's address. The "session expired" page (#jl-expired, data-form-page) marks that page's
 * copy; when the user comes back to that page (after logging in again) the fields are put back
 * and a note says so. Any other visit to the page drops the copy. */
(function () {
  'use strict';

  var PREFIX = 'jl-kept:';
  var SKIPPED = ['password', 'file', 'hidden', 'submit', 'button', 'reset'];

  function here() { return location.pathname + location.search; }

  function storage() {
    try { return window.sessionStorage; } catch (_e) { return null; }
  }

  function keep(form) {
    var store = storage();
    if (!store || (form.method || '').toLowerCase() !== 'post') { return; }
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIPPED.indexOf(el.type) !== -1) { return; }
      var value = (el.type === 'checkbox' || el.type === 'radio') ? el.checked : el.value;
      fields.push([el.name, el.type, el.value, value]);
    });
    var kept = { action: form.getAttribute('action') || '', fields: fields, expired: false };
    store.setItem(PREFIX + here(), JSON.stringify(kept));
  }

  function markExpired(page) {
    var store = storage();
    var raw = store?.getItem(PREFIX + page);
    if (!raw) { return; }
    var kept = JSON.parse(raw);
    kept.expired = true;
    store.setItem(PREFIX + page, JSON.stringify(kept));
  }

  function restore(form, kept, notice) {
    kept.fields.forEach(function (field) {
      var name = field[0], type = field[1], option = field[2], value = field[3];
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name !== name || el.type !== type) { return; }
        if (type === 'checkbox' || type === 'radio') {
          if (el.value === option) { el.checked = value; }
        } else {
          el.value = value;
        }
      });
    });
    var note = document.createElement('p');
    note.className = 'jl-flash ok jl-kept-note';
    note.setAttribute('role', 'status');
    note.textContent = notice;
    form.parentNode.insertBefore(note, form);
  }

  function comeBack() {
    var store = storage();
    var raw = store?.getItem(PREFIX + here());
    if (!raw) { return; }
    store.removeItem(PREFIX + here());
    var kept = JSON.parse(raw);
    if (!kept.expired) { return; }
    var forms = document.querySelectorAll('form[method="post"]');
    var form = Array.prototype.find.call(forms, function (f) {
      return (f.getAttribute('action') || '') === kept.action;
    });
    if (form) { restore(form, kept, document.body.dataset.keptNotice || ''); }
  }

  document.addEventListener('submit', function (e) { keep(e.target); }, true);
  document.addEventListener('DOMContentLoaded', function () {
    var expired = document.getElementById('jl-expired');
    if (expired) { markExpired(expired.dataset.formPage); } else { comeBack(); }
  });
}());
