/* Progress of a background job (print pack, import): polls GET /api/jobs/<id> and shows its
 * stage and fraction on a <progress> bar until it is done or failed.
 *
 * JiangleJobs.watch(id, {bar, label, onDone, onFail}) for pages that queue a job themselves;
 * a [data-job-id] element on a page (templates/jobs/progress.html) is watched by itself and, when
 * done, the page goes to its data-done-url (the finished PDF). */
(function () {
  'use strict';

  var POLL_MS = 700;

  function show(opts, job) {
    if (opts.bar) {
      opts.bar.value = job.fraction;
      opts.bar.textContent = Math.round(job.fraction * 100) + '%';
    }
    if (opts.label) {
      opts.label.textContent = job.stage ? job.state_text + ': ' + job.stage : job.state_text;
    }
  }

  function watch(id, opts) {
    function poll() {
      fetch('/api/jobs/' + encodeURIComponent(id), { headers: { Accept: 'application/json' } })
        .then(function (r) {
          return r.json().then(function (body) { return { ok: r.ok, body: body }; });
        })
        .then(function (answer) {
          if (!answer.ok) {
            if (opts.onFail) { opts.onFail(answer.body.error); }
            return;
          }
          var job = answer.body;
          show(opts, job);
          if (job.state === 'done') {
            if (opts.onDone) { opts.onDone(job); }
          } else if (job.state === 'failed') {
            if (opts.onFail) { opts.onFail(job.error); }
          } else {
            window.setTimeout(poll, POLL_MS);
          }
        })
        .catch(function () { window.setTimeout(poll, POLL_MS * 3); });
    }
    poll();
  }

  window.JiangleJobs = { watch: watch };

  document.addEventListener('DOMContentLoaded', function () {
    var box = document.querySelector('[data-job-id]');
    if (!box) { return; }
    var error = box.querySelector('.jl-job-error');
    watch(box.dataset.jobId, {
      bar: box.querySelector('progress'),
      label: box.querySelector('.jl-job-stage'),
      onDone: function () { window.location.replace(box.dataset.doneUrl); },
      onFail: function (message) {
        error.textContent = message;
        error.hidden = false;
      },
    });
  });
}());
