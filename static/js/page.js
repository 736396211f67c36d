/* Page chrome on every page: the menu button that opens the navigation on narrow screens
 * (on wide screens the menu is always shown and the button hidden by CSS). */
(function () {
  'use strict';

  function setOpen(header, button, open) {
    header.classList.toggle('jl-menu-open', open);
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
  }

  document.addEventListener('DOMContentLoaded', function () {
    var header = document.querySelector('.jl-header');
    var button = header?.querySelector('.jl-menu-toggle');
    if (!button) { return; }
    button.addEventListener('click', function () {
      setOpen(header, button, !header.classList.contains('jl-menu-open'));
    });
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && header.classList.contains('jl-menu-open')) {
        setOpen(header, button, false);
        button.focus();
      }
    });
  });
}());
