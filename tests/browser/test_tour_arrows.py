"""Direction arrows on a tour in headless Chromium: on the county map with ?plan= and on the
plan page, each arrow lies on a leg and points the way that leg is driven."""

from __future__ import annotations

from tests.browser.test_map_tour import _plan

# For every arrow: its distance (px) to the nearest leg segment, and the smallest difference
# (degrees) between its heading and a segment it lies on, driven from its first point to its last
# (a road driven out and back has segments both ways under one arrow).
ARROWS_ON_LEGS = """() => {
  const map = window.jiangleMap, z = map.getZoom(), segs = [], arrows = [];
  map.eachLayer(l => {
    if (l.feature && l.options.className === 'jl-tour-leg') {
      const pts = l.getLatLngs().map(ll => map.project(ll, z));
      for (let i = 1; i < pts.length; i++) segs.push([pts[i - 1], pts[i]]);
    }
    if (l.options.pane === 'jlArrows' && l.getLatLng) {
      const m = /rotate\\(([-0-9.]+)deg\\)/.exec(l.getElement().querySelector('svg').style.transform);
      arrows.push({p: map.project(l.getLatLng(), z), deg: Number(m[1])});
    }
  });
  return arrows.map(a => {
    let near = Infinity, turn = 180;
    segs.forEach(([s, e]) => {
      const dx = e.x - s.x, dy = e.y - s.y, len2 = dx * dx + dy * dy;
      if (!len2) return;
      const t = Math.max(0, Math.min(1, ((a.p.x - s.x) * dx + (a.p.y - s.y) * dy) / len2));
      const d = Math.hypot(a.p.x - s.x - t * dx, a.p.y - s.y - t * dy);
      near = Math.min(near, d);
      const diff = Math.abs(((a.deg - Math.atan2(dy, dx) * 180 / Math.PI) % 360 + 540) % 360 - 180);
      if (d < 1) turn = Math.min(turn, diff);
    });
    return [near, turn];
  });
}"""


def _assert_arrows_follow_the_legs(page) -> int:
    page.wait_for_selector(".jl-arrow")
    found = page.evaluate(ARROWS_ON_LEGS)
    assert found, "no arrows"
    off = [f for f in found if f[0] > 1.0 or f[1] >= 90]
    assert off == [], f"arrows off their leg or pointing against it: {off[:5]}"
    turns = sorted(f[1] for f in found)
    assert turns[len(turns) // 2] < 15, f"arrows not along the road: {turns}"
    pane = page.evaluate("getComputedStyle(jiangleMap.getPane('jlArrows')).pointerEvents")
    assert pane == "none", "taps pass through the arrows"
    return len(found)


def test_arrows_on_a_plans_tour_on_the_county_map(live_server, page):
    plan_id, _ = _plan(live_server)
    page.goto(f"{live_server.url}/?plan={plan_id}", wait_until="networkidle")
    page.wait_for_selector(".jl-num")
    legs = page.evaluate(
        "(() => { let n = 0; jiangleMap.eachLayer(l => { if (l.feature && l.options.className === 'jl-tour-leg') n++; }); return n; })()"
    )
    count = _assert_arrows_follow_the_legs(page)
    assert count >= legs / 2, (count, legs)
    # redrawn for the new scale when zoomed in, still on the legs
    page.evaluate("jiangleMap.setZoom(jiangleMap.getZoom() + 2, {animate: false})")
    page.wait_for_timeout(300)
    _assert_arrows_follow_the_legs(page)
    assert page.errors == []


def test_arrows_on_the_plan_page(live_server, page):
    plan_id, _ = _plan(live_server)
    page.goto(f"{live_server.url}/plans/{plan_id}", wait_until="networkidle")
    page.wait_for_selector(".jl-num")
    _assert_arrows_follow_the_legs(page)
    assert page.errors == []
