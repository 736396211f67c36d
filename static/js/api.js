/* The one way the pages talk to the JSON API: same-origin credentials, the page's CSRF token,
 * a JSON body (or a FormData upload as is), and the server's own error message (already in the
 * user's language) as the Error's message when the answer is not OK. */
(function () {
  'use strict';

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : '';
  }

  function send(url, method, body) {
    var options = { method: method, credentials: 'same-origin', headers: { 'X-CSRFToken': csrfToken() } };
    if (body instanceof FormData) {
      options.body = body;
    } else if (body !== undefined) {
      options.headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (response) {
      return response.json().catch(function () { return { error: response.statusText }; })
        .then(function (json) {
          if (!response.ok) { throw new Error(json.error || response.statusText); }
          return json;
        });
    });
  }

  /* Show a failed request's message in a page's message box, as text (never as HTML). */
  function showError(box, error) {
    box.textContent = error.message;
    box.className = 'jl-plan-message error';
  }

  window.JiangleApi = { send: send, showError: showError };
}());
