"""Spreadsheet exports: CSV streamed row by row, XLSX through xlsxwriter's constant-memory mode.

Used by the petitions ledger, the accountability ledger and the readership statistics. Text a spreadsheet
would run as a formula stays text: in CSV it gets a leading quote, in XLSX every string is written with
``write_string``, never ``write()``, so it is not read as a formula, a number or a link.
"""

import csv
import tempfile

from django.http import FileResponse, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet_text(value):
    """``value`` kept as text where a spreadsheet would otherwise evaluate it."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class _Echo:
    def write(self, value):
        return value


def csv_response(header, rows, filename):
    """A streamed CSV download, UTF-8 with a byte-order mark so that Excel reads the Chinese."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"
        yield writer.writerow([str(title) for title in header])
        for row in rows:
            yield writer.writerow([spreadsheet_text(cell) if isinstance(cell, str) else cell for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(header, rows, filename, sheet_name):
    """An XLSX download written to a temporary file a row at a time; strings as text, numbers as numbers."""
    import xlsxwriter  # lazily: a large library that only the exports use

    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it after streaming
    workbook = xlsxwriter.Workbook(handle, {"constant_memory": True, "in_memory": False})
    sheet = workbook.add_worksheet(str(sheet_name))
    bold = workbook.add_format({"bold": True})
    for column, title in enumerate(header):
        sheet.write_string(0, column, str(title), bold)
    write_string, write_number = sheet.write_string, sheet.write_number
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, str):
                write_string(row_number, column, value)
            else:
                write_number(row_number, column, value)
    workbook.close()
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
