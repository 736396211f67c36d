/* The one format of a length of time in the pages' scripts, as geo.i18n.duration says it on the
 * server (pages, PDF, history): "3 小时 05 分" / "3 h 05 min", "45 分" / "45 min" under an hour;
 * rounded to the minute, "−" when negative. ``change`` also signs a positive one ("+12 分"), for
 * what a change did. The language is the page's (<html lang>). */
(function () {
  'use strict';

  function english() { return document.documentElement.lang === 'en'; }

  function duration(minutes) {
    var whole = Math.round(minutes);
    var hours = Math.floor(Math.abs(whole) / 60);
    var rest = Math.abs(whole) % 60;
    var hourUnit = english() ? 'h' : '小时';
    var minuteUnit = english() ? 'min' : '分';
    var said = hours
      ? hours + ' ' + hourUnit + ' ' + (rest < 10 ? '0' : '') + rest + ' ' + minuteUnit
      : rest + ' ' + minuteUnit;
    return (whole < 0 ? '−' : '') + said;
  }

  function change(minutes) {
    return (Math.round(minutes) > 0 ? '+' : '') + duration(minutes);
  }

  window.JiangleDuration = { duration: duration, change: change };
}());
