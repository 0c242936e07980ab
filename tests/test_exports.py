"""rongmei.exports: the CSV and XLSX downloads every ledger and report uses."""

import csv
import io

import openpyxl

from rongmei import exports

HOSTILE = ['=HYPERLINK("http://evil")', "+1", "-2", "@SUM(A1)", "普通文字"]


def test_csv_keeps_formulas_as_text_and_numbers_as_numbers():
    response = exports.csv_response(["标题", "数量"], [[text, 3] for text in HOSTILE], "report.csv")
    assert response["Content-Disposition"] == 'attachment; filename="report.csv"'
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())  # Excel reads the Chinese as UTF-8
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["标题", "数量"]
    assert [row[0] for row in rows[1:]] == [
        '\'=HYPERLINK("http://evil")',
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "普通文字",
    ]
    assert {row[1] for row in rows[1:]} == {"3"}


def test_xlsx_writes_strings_as_text_and_numbers_as_numbers():
    response = exports.xlsx_response(["标题", "数量"], ([text, 3] for text in HOSTILE), "report.xlsx", "台账")
    assert response["Content-Type"] == exports.XLSX_TYPE
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    sheet = workbook["台账"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("标题", "数量")
    assert [row[0] for row in rows[1:]] == HOSTILE  # text cells, never evaluated
    assert {row[1] for row in rows[1:]} == {3}
