/* The OpenStreetMap import's pages. On /admin/layers (templates/admin/_osm_start.html): choosing
 * a file to upload or a file of the server folder ticks the matching source. On an import's page
 * (templates/admin/osm_import.html): shows its job's stage and fraction while it runs
 * (JiangleJobs, jobs.js) and reloads the page when the job is done or failed, so that the server
 * shows the report or the reason. */
(function () {
  'use strict';

  function tickSourceOnChoice(form) {
    form.querySelectorAll('[data-source]').forEach(function (input) {
      input.addEventListener('change', function () {
        var radio = form.querySelector('input[name=source][value=' + input.dataset.source + ']');
        if (radio && !radio.disabled) { radio.checked = true; }
      });
    });
  }

  function watchJob(box) {
    function reload() { window.location.reload(); }
    window.JiangleJobs.watch(box.dataset.osmJob, {
      bar: box.querySelector('progress'),
      label: box.querySelector('.jl-job-stage'),
      onDone: reload,
      onFail: reload,
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var form = document.querySelector('form.jl-osm-form');
    if (form) { tickSourceOnChoice(form); }
    var box = document.querySelector('[data-osm-job]');
    if (box) { watchJob(box); }
  });
}());
