"""Safe upload handling (geo/layers/uploads.py): zip slip, absolute paths, symlinks, zip bombs, one .shp
per zip, allowed extensions, KML through defusedxml, staging, and the preview's warnings."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest

from geo.errors import GeoInputError, NotFoundError
from geo.layers import preview as upload_preview
from geo.layers import uploads

SHAPEFILE = {"places.shp": b"shp", "places.shx": b"shx", "places.dbf": b"dbf", "places.prj": b"p"}


def _zip(path: Path, entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def test_a_clean_zipped_shapefile_unpacks_flat(tmp_path):
    entries = {f"places/{k}": v for k, v in SHAPEFILE.items()}
    entries["__MACOSX/places/._places.shp"] = b"resource fork"
    entries["readme.txt"] = b"ignored"
    out = tmp_path / "out"
    out.mkdir()
    shp = uploads.unpack_shapefile(_zip(tmp_path / "p.zip", entries), out)
    assert shp == out / "places.shp"
    assert sorted(p.name for p in out.iterdir()) == sorted(SHAPEFILE)
    assert (out / "places.dbf").read_bytes() == b"dbf"


@pytest.mark.parametrize(
    "entry, message",
    [
        ("../evil.shp", "entry '../evil.shp' climbs out of the folder with '..'"),
        ("places/../../evil.shp", "climbs out of the folder"),
        ("/etc/evil.shp", "entry '/etc/evil.shp' has an absolute path"),
        ("C:/evil.shp", "has an absolute path"),
    ],
)
def test_zip_slip_and_absolute_paths_are_refused_before_anything_is_written(
    tmp_path, entry, message
):
    archive = _zip(tmp_path / "evil.zip", {**SHAPEFILE, entry: b"x"})
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(GeoInputError, match="evil.zip: ") as err:
        uploads.unpack_shapefile(archive, out)
    assert message in str(err.value) and "nothing unpacked" in str(err.value)
    assert list(out.iterdir()) == []
    assert not (tmp_path / "evil.shp").exists()


def test_symlink_entries_are_refused(tmp_path):
    path = tmp_path / "link.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in SHAPEFILE.items():
            archive.writestr(name, data)
        link = zipfile.ZipInfo("places.cpg")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    with pytest.raises(GeoInputError, match="entry 'places.cpg' is a symbolic link"):
        uploads.unpack_shapefile(path, tmp_path)


def test_zip_bomb_over_the_declared_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UNZIPPED_BYTES", 1_000_000)
    bomb = {**SHAPEFILE, "places.dbf": b"\0" * 2_000_000}  # deflates to about 2 kB
    archive = _zip(tmp_path / "bomb.zip", bomb)
    assert archive.stat().st_size < 10_000
    with pytest.raises(GeoInputError, match=r"bomb.zip: unpacks to more than 0 MB"):
        uploads.unpack_shapefile(archive, tmp_path)


def test_zip_bomb_is_also_stopped_by_counting_the_bytes_unpacked(tmp_path, monkeypatch):
    """Should the declared sizes pass (a forged directory), the bytes really decompressed are
    counted as they come out and unpacking stops at the cap."""
    monkeypatch.setattr(uploads, "MAX_UNZIPPED_BYTES", 1_000_000)
    archive = _zip(tmp_path / "liar.zip", {**SHAPEFILE, "places.dbf": b"\0" * 2_000_000})
    real_check = uploads.check_zip

    def blind_check(zf, name):  # the declared-size check sees a huge cap
        monkeypatch.setattr(uploads, "MAX_UNZIPPED_BYTES", 10**12)
        parts = real_check(zf, name)
        monkeypatch.setattr(uploads, "MAX_UNZIPPED_BYTES", 1_000_000)
        return parts

    monkeypatch.setattr(uploads, "check_zip", blind_check)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(GeoInputError, match="liar.zip: unpacks to more than"):
        uploads.unpack_shapefile(archive, out)
    assert sum(p.stat().st_size for p in out.iterdir()) <= 1_000_000


def test_the_real_cap_is_200_mb_and_50_entries():
    assert uploads.MAX_UNZIPPED_BYTES == 200 * 1024 * 1024
    assert uploads.MAX_ZIP_ENTRIES == 50


def test_too_many_entries_are_refused(tmp_path):
    entries = {**SHAPEFILE, **{f"junk/{i}.txt": b"" for i in range(60)}}
    with pytest.raises(GeoInputError, match="64 entries; a zipped Shapefile has at most 50"):
        uploads.unpack_shapefile(_zip(tmp_path / "many.zip", entries), tmp_path)


def test_two_shapefiles_in_one_zip_are_named(tmp_path):
    entries = {**SHAPEFILE, "roads.shp": b"", "roads.shx": b"", "roads.dbf": b""}
    with pytest.raises(
        GeoInputError, match=r"exactly one Shapefile \(.shp\); found 2: places.shp, roads.shp"
    ):
        uploads.unpack_shapefile(_zip(tmp_path / "two.zip", entries), tmp_path)


def test_no_shapefile_and_missing_parts_are_named(tmp_path):
    with pytest.raises(GeoInputError, match="found 0: none"):
        uploads.unpack_shapefile(_zip(tmp_path / "none.zip", {"a.txt": b"x"}), tmp_path)
    partial = {"places.shp": b"", "places.dbf": b""}
    with pytest.raises(GeoInputError, match=r"places.shp lacks .shx, .prj"):
        uploads.unpack_shapefile(_zip(tmp_path / "part.zip", partial), tmp_path)


def test_a_file_that_is_not_a_zip(tmp_path):
    fake = tmp_path / "fake.zip"
    fake.write_text("hello")
    with pytest.raises(GeoInputError, match="fake.zip: not a readable zip archive"):
        uploads.unpack_shapefile(fake, tmp_path)


@pytest.mark.parametrize("name", ["layer.exe", "layer.shp", "layer.kmz", "layer", "x.geojson.php"])
def test_only_allowed_extensions(name):
    with pytest.raises(GeoInputError, match="is not accepted"):
        uploads.extension(name)


@pytest.mark.parametrize("name", ["a.geojson", "A.JSON", "b.zip", "c.gpkg", "d.KML"])
def test_allowed_extensions(name):
    assert uploads.extension(name) == Path(name).suffix.lower()


def test_safe_name_keeps_the_name_but_not_the_path():
    assert uploads.safe_name("../../etc/passwd.geojson") == "passwd.geojson"
    assert uploads.safe_name("C:\\Users\\wang\\乡镇 2014.geojson") == "乡镇_2014.geojson"
    assert uploads.safe_name(".hidden.zip") == "hidden.zip"
    assert uploads.safe_name("/") == "upload"


def test_copy_is_capped_and_removed_when_too_big(tmp_path):
    dest = tmp_path / "big.geojson"
    with pytest.raises(GeoInputError, match="big.geojson: the file is larger than 1 MB"):
        uploads.copy_capped(io.BytesIO(b"x" * (1024 * 1024 + 1)), dest, 1024 * 1024)
    assert not dest.exists()
    with pytest.raises(GeoInputError, match="the file is empty"):
        uploads.copy_capped(io.BytesIO(b""), dest)
    assert uploads.copy_capped(io.BytesIO(b"{}"), dest) == 2


KML_ENTITIES = b"""<?xml version="1.0"?>
<!DOCTYPE kml [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>&lol2;</name></Document></kml>"""
KML_EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>&xxe;</name></Document></kml>"""


@pytest.mark.parametrize("body", [KML_ENTITIES, KML_EXTERNAL])
def test_kml_with_a_dtd_or_entities_is_refused(tmp_path, body):
    path = tmp_path / "evil.kml"
    path.write_bytes(body)
    with pytest.raises(GeoInputError, match="evil.kml: refused, the XML declares"):
        uploads.prepare(path, "evil.kml", tmp_path)


def test_kml_must_be_wellformed_and_kml(tmp_path):
    path = tmp_path / "x.kml"
    path.write_bytes(b"<kml><Document>")
    with pytest.raises(GeoInputError, match="x.kml: not well-formed XML"):
        uploads.prepare(path, "x.kml", tmp_path)
    path.write_bytes(b"<gpx/>")
    with pytest.raises(GeoInputError, match=r"root element is <gpx>, not <kml>"):
        uploads.prepare(path, "x.kml", tmp_path)


def test_geopackage_needs_the_sqlite_header(tmp_path):
    path = tmp_path / "x.gpkg"
    path.write_bytes(b"PK\x03\x04 not sqlite")
    with pytest.raises(GeoInputError, match="x.gpkg: not a GeoPackage"):
        uploads.prepare(path, "x.gpkg", tmp_path)


def test_stage_then_find_then_discard(tmp_path):
    item = uploads.stage(
        tmp_path, io.BytesIO(b'{"type": "FeatureCollection"}'), "p.geojson", {"layer": "p"}, 100
    )
    again = uploads.staged(tmp_path, item.token)
    assert again.meta["layer"] == "p" and again.data_path.read_bytes().startswith(b"{")
    uploads.discard(again)
    with pytest.raises(NotFoundError, match="this upload is gone"):
        uploads.staged(tmp_path, item.token)


def test_a_failed_stage_leaves_nothing(tmp_path):
    with pytest.raises(GeoInputError, match="is larger than"):
        uploads.stage(tmp_path, io.BytesIO(b"x" * 200), "p.geojson", {}, 100)
    with pytest.raises(GeoInputError, match="climbs out"):
        body = io.BytesIO(_zip(tmp_path / "e.zip", {"../x.shp": b""}).read_bytes())
        uploads.stage(tmp_path / "stage", body, "e.zip", {}, 10_000)
    assert not (tmp_path / "stage").exists() or list((tmp_path / "stage").iterdir()) == []


@pytest.mark.parametrize("token", ["../../etc", "ABC", "", "0" * 31, "../" + "0" * 32])
def test_tokens_cannot_name_other_folders(tmp_path, token):
    with pytest.raises(NotFoundError):
        uploads.staged(tmp_path, token)


def _f(fid, **props):
    return {"type": "Feature", "properties": {"id": fid, **props}, "geometry": None}


def test_reference_warnings_for_stops_plans_and_plants():
    current = {
        "stops": [_f("s1", plant_id="p1", township_code="t1"), _f("s2", plant_id=None)],
        "places": [_f("place-gov")],
        "sewage_plants": [_f("p1", township_code="t1"), _f("p2", township_code="t2")],
        "townships": [_f("t1"), _f("t2")],
    }
    plans = [
        {
            "id": 1,
            "name": "A",
            "sites": ["s1", "s2"],
            "locked": ["s2"],
            "start": "place-gov",
            "end": "s2",
        },
        {"id": 2, "name": "B", "sites": ["s1"], "locked": [], "start": "place-gov", "end": None},
    ]
    new_stops = [_f("s1", plant_id="p9", township_code="t1")]
    warnings = upload_preview.reference_warnings("stops", new_stops, current, plans)
    assert warnings == [
        {"kind": "plan", "plan": 1, "name": "A", "ids": ["s2"], "stops": ["s2"]},
        {"kind": "dangling", "layer": "sewage_plants", "prop": "plant_id", "ids": ["p9"]},
    ]
    new_plants = [_f("p2", township_code="t3")]
    warnings = upload_preview.reference_warnings(
        "sewage_plants", new_plants, current, plans, ["p1", "p2"]
    )
    assert warnings == [
        {"kind": "history", "ids": ["p1"]},
        {"kind": "referrer", "layer": "stops", "prop": "plant_id", "ids": ["p1"]},
        {"kind": "dangling", "layer": "townships", "prop": "township_code", "ids": ["t3"]},
    ]
    # places: only the start/end that are not stops count
    assert upload_preview.reference_warnings("places", [_f("place-hotel")], current, plans) == [
        {"kind": "plan", "plan": 1, "name": "A", "ids": ["place-gov"], "stops": ["place-gov"]},
        {"kind": "plan", "plan": 2, "name": "B", "ids": ["place-gov"], "stops": ["place-gov"]},
    ]


def test_id_changes():
    old, new = [_f("a"), _f("b")], [_f("b"), _f("c")]
    assert upload_preview.id_changes(old, new) == {"added": ["c"], "removed": ["a"], "kept": 1}


def test_sketch_is_numbers_only():
    square = {
        "type": "Feature",
        "properties": {},
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[117, 26], [118, 26], [118, 27], [117, 27], [117, 26]]],
        },
    }
    point = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Point", "coordinates": [117.5, 26.5]},
    }
    out = upload_preview.sketch([point, square], [square], width=100)
    assert out["width"] == 100 and 110 < out["height"] < 115  # 1 degree of latitude is longer
    [(x, y)] = out["points"]
    assert x == 50.0 and abs(y - out["height"] / 2) < 0.5
    assert out["outline"].startswith("M0.0,") and len(out["shapes"]) == 1
    assert set(out["outline"]) <= set("ML0123456789.,- ")


def _pt(fid, lon, lat):
    return {
        "type": "Feature",
        "properties": {"id": fid},
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
    }


def test_county_blockers_list_per_layer_what_a_new_outline_leaves_outside():
    square = {
        "type": "Feature",
        "properties": {"id": "350428"},
        "geometry": {
            "type": "Polygon",
            "coordinates": [
                [[117.4, 26.7], [117.5, 26.7], [117.5, 26.8], [117.4, 26.8], [117.4, 26.7]]
            ],
        },
    }
    current = {
        "county": [_pt("old-county", 0, 0)],  # the county itself is not checked
        "stops": [_pt("in", 117.45, 26.75), _pt("near", 117.509, 26.75), _pt("far", 117.6, 26.75)],
        "places": [_pt("place-gov", 117.45, 26.75)],
        "townships": [_pt("350428100", 117.3, 26.9)],
    }
    assert upload_preview.county_blockers([square], current) == [
        {"kind": "outside", "layer": "townships", "ids": ["350428100"]},
        {"kind": "outside", "layer": "stops", "ids": ["far"]},
    ]
    assert upload_preview.county_blockers([square], {"places": current["places"]}) == []


def test_county_refusal_names_layers_and_ids_and_what_to_do():
    blockers = [
        {"kind": "outside", "layer": "stops", "ids": ["s1", "s2"]},
        {"kind": "outside", "layer": "roads", "ids": [f"r{i}" for i in range(12)]},
    ]
    message = upload_preview.county_refusal("county.kml", blockers)
    assert message.startswith("county.kml: not applied; ")
    assert "outside the new county outline (tolerance 1000 m)" in message
    assert "stops: s1, s2; roads: r0, r1, r2, r3, r4, r5, r6, r7, r8, r9 … (12 in all)" in message
    assert "First upload stops, roads with those features moved inside" in message
    assert message.endswith("then the county again; nothing changed")
