"""build_gazetteer on a tiny GeoNames-format dump written here, read back with Gazetteer."""

import gzip
import zipfile

import pytest

from frontscope.geo.build import build_gazetteer
from frontscope.geo.gazetteer import Gazetteer


def row(gid, name, alts, lat, lon, fclass, fcode, admin1, admin2="", pop=0):
    cols = [str(gid), name, name, ",".join(alts), str(lat), str(lon), fclass, fcode, "UA", "", admin1, admin2,
            "", "", str(pop), "", "100", "Europe/Kyiv", "2024-01-01"]
    return "\t".join(cols)


DUMP = "\n".join([
    row(706482, "Kharkiv Oblast", ["Kharkivska Oblast", "Харківська область"], 49.5, 36.5, "A", "ADM1", "07"),
    row(1001, "Kupianskyi Raion", [], 49.7, 37.6, "A", "ADM2", "07", "6308"),
    row(703656, "Kupyansk", ["Kupiansk", "Kup'yansk", "Купянськ", "Купянск", "Kupjansk"], 49.71, 37.616,
        "P", "PPLA2", "07", "6308", 27169),
    row(708531, "Holubivka", ["Голубівка"], 49.75, 37.63, "P", "PPL", "07", "6308"),
    row(708532, "Holubivka", ["Голубівка"], 48.8, 38.6, "P", "PPL", "14", "4410"),
    row(12906761, "Oskil", ["Оскіл", "Oskol"], 49.6, 37.7, "H", "STM", "07", "6308"),
    row(555, "Kupyansk Railway Station", [], 49.7, 37.6, "S", "RSTN", "07", "6308"),
    row(556, "Zhovtneve", [], 49.7, 37.6, "P", "PPLH", "07", "6308"),
    row(557, "Lozova", ["洛佐瓦", "Lozovaya"], 48.89, 36.31, "P", "PPLA2", "07", "", 54000),
]) + "\n"


@pytest.fixture
def dump(tmp_path):
    p = tmp_path / "UA.txt"
    p.write_text(DUMP, encoding="utf-8")
    return p


def test_build_keeps_places_rivers_and_admin_units_only(dump, tmp_path):
    out = tmp_path / "gaz.tsv.gz"
    stats = build_gazetteer(geonames=dump, out=out)
    assert stats.rows_read == 9
    assert stats.places == 7  # railway station and historical place left out
    g = Gazetteer(out)
    assert g.get(555) is None and g.get(556) is None
    kup = g.get(703656)
    assert (kup.name, kup.oblast, kup.raion, kup.population) == ("Kupyansk", "Kharkiv", "Kupianskyi Raion", 27169)
    assert kup.kind == "settlement" and g.get(12906761).kind == "river" and g.get(706482).kind == "oblast"
    # Cyrillic variants are kept, other scripts dropped, Latin spellings deduplicated by key.
    assert "Купянськ" in kup.names and "Kupjansk" not in kup.names
    assert not any("洛" in n for n in g.get(557).names)


def test_lookup_any_spelling_and_ambiguity(dump, tmp_path):
    out = tmp_path / "gaz.tsv.gz"
    build_gazetteer(geonames=dump, out=out)
    g = Gazetteer(out)
    assert [p.geonameid for p in g.lookup("Kup’yansk")] == [703656]
    assert [p.geonameid for p in g.lookup("Купянск")] == [703656]
    assert {p.oblast for p in g.lookup("Holubivka")} == {"Kharkiv", None}  # admin1 14 has no ADM1 row here
    near = g.places_within(49.71, 37.616, 10)
    assert [p.geonameid for p, _ in near][:2] == [703656, 708531]
    assert g.nearest(49.74, 37.63, k=1)[0][0].geonameid == 708531


def test_katottg_join_file_and_compressed_inputs(dump, tmp_path):
    join = tmp_path / "join.csv"
    join.write_text(
        "katottg,category,name_uk,oblast,raion,hromada,geonameid,gn_name,lat,lon,match,n_candidates\n"
        "UA63080090010026457,M,Куп'янськ,Харківська,Куп'янський,Куп'янська,703656,Kupyansk,49.71,37.6,"
        "unique_in_hromada,1\n"
        "UA63080090020011111,C,Голубівка,Харківська,Куп'янський,Куп'янська,708531,Holubivka,49.75,37.6,"
        "ambiguous_in_hromada,2\n",
        encoding="utf-8",
    )
    gz = tmp_path / "UA.txt.gz"
    gz.write_bytes(gzip.compress(DUMP.encode("utf-8")))
    zp = tmp_path / "UA.zip"
    with zipfile.ZipFile(zp, "w") as zf:
        zf.writestr("readme.txt", "GeoNames readme")
        zf.writestr("UA.txt", DUMP)
    for src in (gz, zp):
        out = tmp_path / f"{src.suffix}.tsv.gz"
        stats = build_gazetteer(geonames=src, katottg=join, out=out)
        g = Gazetteer(out)
        assert stats.katottg_joined == 1  # the ambiguous join is not trusted
        assert g.get(703656).katottg == "UA63080090010026457" and g.get(708531).katottg is None


def test_raw_katottg_codifier_is_joined_by_ukrainian_name_in_raion(dump, tmp_path):
    cod = tmp_path / "katottg.csv"
    cod.write_text(
        "level1,level2,level3,level4,level_extra,category,name_uk\n"
        "UA63000000000041885,UA63080000000070716,UA63080090000045622,UA63080090010026457,,M,Куп'янськ\n"
        "UA63000000000041885,UA63080000000070716,UA63080090000045622,UA63080090020011111,,C,Голубівка\n",
        encoding="utf-8",
    )
    out = tmp_path / "gaz.tsv.gz"
    stats = build_gazetteer(geonames=dump, katottg=cod, out=out)
    g = Gazetteer(out)
    assert stats.katottg_joined == 2
    assert g.get(708531).katottg == "UA63080090020011111"
    assert g.get(708532).katottg is None  # the Luhansk namesake is in another raion


def test_not_a_gazetteer_file_is_rejected(tmp_path):
    bad = tmp_path / "bad.tsv.gz"
    bad.write_bytes(gzip.compress(b"hello\tworld\n"))
    with pytest.raises(ValueError):
        Gazetteer(bad)
