/* The plan page's notice of sites removed from the stops layer (templates/plans/_removed.html):
 * "drop it" takes the site out of the selection, "use the new stop instead" swaps it for the
 * stop offered; either is an unsaved change of the plan (plan.js), saved with the plan. */
(function () {
  'use strict';

  var box = document.getElementById('removed-stops');
  if (!box) { return; }
  box.addEventListener('click', function (e) {
    var button = e.target.closest('button[data-stop-id]');
    if (!button) { return; }
    window.jianglePlanSites.replace(button.dataset.stopId, button.dataset.replacement || null);
    button.closest('li').remove();
    if (!box.querySelector('li')) { box.hidden = true; }
  });
}());
