"""Importers and validation on small fixtures shaped like the real UNHCR, IDMC, OCHA/HNO files."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from frontscope.humanitarian import pcodes
from frontscope.humanitarian.hxl import normalize_hashtag
from frontscope.humanitarian.importer import import_files

# An HNO-style CSV: title line, label row, hashtag row with the real files' spacing habits, then data with
# the defects publishers ship: Kyiv city and oblast swapped, n/a, a starred name, a total that does not
# add up, a raion in the wrong oblast, an unknown code, and a last row cut short.
HXL_CSV = """\
Ukraine PIN by oblast (test fixture),,,,,,,
Oblast,Oblast PCode,Raion,Raion PCode,IDPs,Non-Displaced,Returnees,Total
#adm1+Name,#admin1 +code,#adm2+name,#adm2+code,#affected +idps,#affected,#affected+returnees,#affected
Kharkivska,UA63,Kupianskyi,UA6308,1000,2000,500,3500
Kyiv,UA32,,,10,20,30,60
Kyivska,UA80,,,10,20,30,60
Donetska*,UA14,Bakhmutskyi,UA1402,n/a,400,100,500
Zaporizka,UA23,Kupianskyi,UA6308,100,100,100,999
Luhanska,UA99,,,1,1,1,3
Sumska,UA59,Sumskyi,UA59
"""

UNHCR_POP = """\
year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,refugees,asylum_seekers,returned_refugees,idps,returned_idps,stateless,ooc,oip,hst
2022.0,Ukraine,UKR,UKR,Poland,POL,POL,1563386.0,0.0,0.0,0.0,0.0,0.0,0.0,,0.0
2022.0,Ukraine,UKR,UKR,Ukraine,UKR,UKR,0.0,0.0,0.0,5914000.0,2616000.0,35875.0,0.0,,0.0
2023.0,Ukraine,UKR,UKR,Germany,GFR,DEU,1139690.0,5.0,0.0,0.0,0.0,0.0,0.0,,0.0
2023.0,Ukraine,UKR,UKR,Czechia,CZE,CZE,381400.0,0.0
"""

IDMC = """\
iso3,country_name,year,new_displacement,new_displacement_rounded,total_displacement,total_displacement_rounded
UKR,Ukraine,2015,942418,942000,1678587,1679000
UKR,Ukraine,2016,108921,109000,1652512,1653000
UKR,Ukraine,2017,21415,21000,800000,800000
UKR,Ukraine,2022,16870323,16870000,5913638,5914000
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    if name.endswith(".gz"):
        p.write_bytes(gzip.compress(text.encode()))
    else:
        p.write_text(text, encoding="utf-8")
    return p


def _codes(issues: list, line: int | None = None) -> set[str]:
    return {i.code for i in issues if line is None or i.line == line}


@pytest.mark.parametrize("raw, expected", [
    ("#admin1 +code", "#adm1+code"),
    ("#adm1+Name", "#adm1+name"),
    ("#affected ", "#affected"),
    ("#inneed +f + adults", "#inneed+adults+f"),
    ("#Affected+IDPs", "#affected+idps"),
])
def test_hashtags_are_normalised(raw: str, expected: str) -> None:
    h = normalize_hashtag(raw)
    assert h is not None and h.text == expected


def test_not_a_hashtag() -> None:
    assert normalize_hashtag("Oblast PCode") is None
    assert normalize_hashtag(None) is None


def test_hxl_csv_keeps_good_rows_and_reports_each_defect(tmp_path: Path) -> None:
    res = import_files([_write(tmp_path, "pin.csv", HXL_CSV)])
    rep = res.files[0]
    assert rep.error is None and rep.kind == "hxl"
    # Kharkivska row: 4 figures, P-codes read through the non-standard hashtags.
    kharkiv = [f for f in res.figures if f.source_line == 4]
    assert {f.metric: f.value for f in kharkiv} == {
        "idps": 1000, "affected+nondisplaced": 2000, "returnees": 500, "affected": 3500}
    assert {(f.admin1_pcode, f.admin2_pcode, f.admin_name) for f in kharkiv} == {("UA63", "UA6308", "Kupianskyi")}
    assert "total_mismatch" not in _codes(res.issues, 4)
    # Kyiv city and oblast swapped: reported on both rows and for the file; figures kept under their codes.
    assert "kyiv_swap" in _codes(res.issues, 5) and "kyiv_swap" in _codes(res.issues, 6)
    assert any(i.code == "kyiv_swap" and i.line is None for i in res.issues)
    assert {f.admin1_pcode for f in res.figures if f.source_line in (5, 6)} == {"UA32", "UA80"}
    # n/a is not zero: no idps figure on line 7, the others are kept; the starred name is reported, kept.
    line7 = {f.metric: f for f in res.figures if f.source_line == 7}
    assert "idps" not in line7 and line7["affected"].value == 500
    assert line7["affected"].admin_name == "Bakhmutskyi"
    assert {"na_value", "starred_name"} <= _codes(res.issues, 7)
    # Raion of Kharkivska under Zaporizka, and parts that do not add up to the total.
    assert {"parent_mismatch", "total_mismatch"} <= _codes(res.issues, 8)
    mismatch = next(i for i in res.issues if i.code == "total_mismatch")
    assert "300" in mismatch.message and "999" in mismatch.message
    assert "unknown_pcode" in _codes(res.issues, 9)
    # The truncated last row is dropped with its line number.
    assert not [f for f in res.figures if f.source_line == 10]
    trunc = [i for i in res.issues if i.code == "truncated_row"]
    assert len(trunc) == 1 and trunc[0].line == 10 and trunc[0].severity == "error"
    assert rep.rows == 7 and rep.rows_dropped == 1
    # The non-standard hashtags are reported, not silently re-read.
    assert {"hashtag_spacing", "hashtag_old_name", "duplicate_hashtag"} <= _codes(res.issues, 3)


def test_unhcr_population_table(tmp_path: Path) -> None:
    res = import_files([_write(tmp_path, "unhcr_population.csv.gz", UNHCR_POP)])
    rep = res.files[0]
    assert rep.kind == "unhcr" and rep.rows == 4 and rep.rows_dropped == 1
    got = {(f.metric, f.asylum, f.year): f.value for f in res.figures}
    assert got == {("refugees", "POL", 2022): 1563386, ("idps", "UKR", 2022): 5914000,
                   ("returned_idps", "UKR", 2022): 2616000, ("stateless", "UKR", 2022): 35875,
                   ("refugees", "DEU", 2023): 1139690, ("asylum_seekers", "DEU", 2023): 5}
    assert all(f.origin == "UKR" and f.dataset == "unhcr" for f in res.figures)
    assert next(f for f in res.figures if f.metric == "asylum_seekers").extra["rounded_small"] is True
    assert [i.line for i in res.issues if i.code == "truncated_row"] == [5]


def test_idmc_keeps_movements_apart_from_people(tmp_path: Path) -> None:
    res = import_files([_write(tmp_path, "idmc_gidd.csv", IDMC)], kind="idmc")
    f2022 = {f.metric: f for f in res.figures if f.year == 2022}
    assert f2022["new_displacements"].value == 16870323 and f2022["new_displacements"].extra["unit"] == "movements"
    assert f2022["idps"].value == 5913638 and f2022["idps"].extra["unit"] == "people"
    # 2016 → 2017 the stock halves with almost no new displacement: flagged as a possible method break;
    # 2017 → 2022 rises ×7 but within that year's new displacements: not flagged.
    breaks = [i for i in res.issues if i.code == "possible_method_break"]
    assert [i.line for i in breaks] == [4]


def test_forced_kind_that_does_not_fit_fails_clearly(tmp_path: Path) -> None:
    res = import_files([_write(tmp_path, "pin.csv", HXL_CSV)], kind="unhcr")
    assert res.files[0].error and "not a UNHCR" in res.files[0].error and not res.figures


def test_one_bad_file_does_not_stop_the_rest(tmp_path: Path) -> None:
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"not a zip")
    paths = [bad, tmp_path / "missing.csv", _write(tmp_path, "page.html", "<html></html>"),
             _write(tmp_path, "idmc.csv", IDMC)]
    res = import_files(paths)
    assert [bool(f.error) for f in res.files] == [True, True, True, False]
    assert res.files[2].error.startswith("an HTML page")
    assert len(res.figures) == 8 and all(f.dataset == "idmc" for f in res.figures)
    assert sum(1 for i in res.issues if i.code == "file_failed") == 3


def test_xlsx_with_title_rows_and_untagged_pcode_header(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "PIN by Oblast"
    ws.append(["UKRAINE Humanitarian Needs Overview (test fixture)"])
    ws.append([])
    ws.append(["Oblast [EN]", "Oblast [UK]", "Oblast PCode", "Population", "People in need"])
    ws.append(["#admin1 +name +en", "#admin1 +name +uk", "admin1Pcode", "#population", "#inneed"])
    ws.append(["Kharkivska", "Харківська", "UA63", 1879577, 1649707.8])
    ws.append(["Kyiv", "Київська", "UA80", 2121308, "n/a"])
    ws2 = wb.create_sheet("ReadMe")
    ws2.append(["Notes only"])
    path = tmp_path / "hno.xlsx"
    wb.save(path)
    res = import_files([path])
    rep = res.files[0]
    assert rep.error is None and "ReadMe" in rep.note
    got = {(f.admin1_pcode, f.metric): f.value for f in res.figures}
    assert got == {("UA63", "population"): 1879577, ("UA63", "inneed"): 1649707.8, ("UA80", "population"): 2121308}
    assert all(f.extra["sheet"] == "PIN by Oblast" for f in res.figures)
    assert "untagged_column" in _codes(res.issues, 4)
    swap = [i for i in res.issues if i.code == "kyiv_swap"]
    assert swap and swap[0].line == 6 and "Київська" in swap[0].message
    assert "na_value" in _codes(res.issues, 6)


def test_hxl_json_record_lists(tmp_path: Path) -> None:
    text = ('{"subnational_data": [{"#adm1+code": "UA63", "#adm1+name": "Kharkivska", "#affected+idps": "121000"},'
            ' {"#adm1+code": "UA80", "#adm1+name": "Kyivska", "#affected+idps": "n/a"}],'
            ' "series": [{"#date": "2022-05-19", "#affected+refugees": "225894"},'
            ' {"#date": "2022-05-21", "#affected+refugees": "1005894"}]}')
    res = import_files([_write(tmp_path, "key_figures.json", text)])
    assert {(f.metric, f.admin1_pcode, f.value) for f in res.figures if f.extra.get("sheet") == "subnational_data"} \
        == {("idps", "UA63", 121000)}
    refugees = sorted((f.date.isoformat(), f.value) for f in res.figures if f.metric == "refugees")
    assert refugees == [("2022-05-19", 225894), ("2022-05-21", 1005894)]
    assert {"kyiv_swap", "na_value", "possible_method_break"} <= _codes(res.issues)


def test_cod_ps_table_without_hashtags(tmp_path: Path) -> None:
    text = ("ADM0_PCODE,alpha_3,ADM0_REF,ADM_LEVEL,ADM_PCODE,ADM_REF,ADM1_PCODE,ADM1_REF,ADM2_PCODE,ADM2_REF,Population\n"
            "UA,UKR,Ukraine,1,UA32,Kyivska,UA32,Kyivska,,,1775265\n"
            "UA,UKR,Ukraine,1,UA80,Kyivska,UA80,Kyivska,,,2926053\n")
    res = import_files([_write(tmp_path, "population_subnational.csv", text)])
    assert {(f.admin1_pcode, f.value) for f in res.figures} == {("UA32", 1775265), ("UA80", 2926053)}
    assert {"no_hashtags", "kyiv_swap", "kyiv_same_name"} <= _codes(res.issues)


def test_method_column_change_is_a_break(tmp_path: Path) -> None:
    text = ("#date,#adm1+code,#affected+idps,#meta+method\n"
            "2022-05-01,UA63,400000,phone survey\n2022-06-01,UA63,410000,phone survey\n"
            "2022-07-01,UA63,380000,face-to-face\n")
    res = import_files([_write(tmp_path, "rounds.csv", text)])
    breaks = [i for i in res.issues if i.code == "method_break"]
    assert len(breaks) == 1 and breaks[0].line == 4 and "face-to-face" in breaks[0].message


def test_pcode_crosswalk() -> None:
    assert pcodes.from_katottg("UA63080000000000000") == ("UA63", "UA6308")
    assert pcodes.from_katottg("UA63080170010087654") == ("UA63", "UA6308")
    assert pcodes.from_geonames_admin2("6308") == ("UA63", "UA6308")
    assert pcodes.from_geonames_admin2("9999") == (None, None)
    assert pcodes.lookup("UA6308")[0] == "Kupianskyi" and pcodes.oblast_name("UA6308") == "Kharkivska"
    assert pcodes.codes_named("Харківська") == {"UA63"}
    assert pcodes.check_code_name("UA6306", ["Krasnohradskyi"], 2)[0][0] == "former_name"
