/* An OpenStreetMap import's page (templates/admin/osm_import.html): shows its job's stage and
 * fraction while it runs (JiangleJobs, jobs.js) and reloads the page when the job is done or
 * failed, so that the server shows the report or the reason. */
(function () {
  'use strict';

  document.addEventListener('DOMContentLoaded', function () {
    var box = document.querySelector('[data-osm-job]');
    if (!box) { return; }
    function reload() { window.location.reload(); }
    window.JiangleJobs.watch(box.dataset.osmJob, {
      bar: box.querySelector('progress'),
      label: box.querySelector('.jl-job-stage'),
      onDone: reload,
      onFail: reload,
    });
  });
}());
