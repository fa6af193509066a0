#!/usr/bin/python3
"""Makes the openpyxl workbooks of this folder from the example files, as a
partner's program or person would: typed dates in several formats, numbers,
and the template's rules broken one by one. Run it from this folder with
Debian's python3-openpyxl:

    /usr/bin/python3 make.py ../../../../examples/files

The workbooks are committed; this script only documents how they were made.
"""
import csv
import datetime
import os
import sys

import openpyxl
from openpyxl.worksheet.table import Table

src = sys.argv[1] if len(sys.argv) > 1 else "../../../../examples/files"

# Date formats, per column: built-in 14 (m/d/yy, shown in the locale's
# order), French, ISO, a long French date, a date-time at midnight.
DATE_FORMATS = {
    "DateDebutPhase": "DD/MM/YYYY",
    "DateFinPhase": "dd/mm/yyyy",
    "DateMaj": "yyyy-mm-dd",
    "DateNaissance": "mm-dd-yy",
    "DateAccueil": "[$-40C]dddd d mmmm yyyy",
    "DateCreation": "d/m/yyyy",
    "DateFinancement": "dd/mm/yyyy hh:mm",
    "DateRDV": "dd/mm/yyyy",
}
BOOLEANS = {"QPV", "BeneficiaireRSA", "RQTH", "ConsentementRGPD", "CreationEntreprise", "EntrepriseActive"}
NUMBERS = {"Phase", "SIRET", "DureeRDV", "EmploisCrees", "NiveauFormation"}
DECIMALS = {"MontantFinancement", "ChiffreAffaires"}


def rows(name):
    with open(os.path.join(src, name), encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f, delimiter=";"))


def typed(column, value):
    """The cell a spreadsheet makes of a typed value."""
    if value == "":
        return None
    if column in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, "%d/%m/%Y")
        except ValueError:
            return value  # not a date: stays text, as in a spreadsheet
    if column in NUMBERS and value.isdigit() and not value.startswith("0"):
        return int(value)
    if column in DECIMALS:
        try:
            return float(value.replace(",", "."))
        except ValueError:
            return value
    return value


def boolean(column, value):
    """A BOOL column's OUI/NON as a spreadsheet's TRUE/FALSE; the others typed."""
    if column in BOOLEANS and value in ("OUI", "NON"):
        return value == "OUI"
    return typed(column, value)


def typed_book(name, booleans=False):
    data = rows(name)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Dossiers"
    ws.append(data[0])
    for rec in data[1:]:
        ws.append([boolean(c, v) if booleans else typed(c, v) for c, v in zip(data[0], rec)])
    for j, column in enumerate(data[0], start=1):
        if column in DATE_FORMATS:
            for i in range(2, len(data) + 1):
                ws.cell(row=i, column=j).number_format = DATE_FORMATS[column]
    return wb, ws, data


for name in ("20261116-demo.csv", "20261117-demo.csv"):
    wb, _, _ = typed_book(name)
    wb.save(name.replace(".csv", ".xlsx"))

# Booleans typed as TRUE/FALSE: openpyxl writes <c t="b"><v>1</v></c>;
# LibreOffice, saving the workbook again, <c t="b"><f>TRUE()</f><v>1</v></c>
# (../libreoffice/booleans/20261116-demo.xlsx, made from this one by
#   soffice --headless --convert-to xlsx:"Calc MS Excel 2007 XML" \
#       --outdir ../libreoffice/booleans booleans/20261116-demo.xlsx).
wb, _, _ = typed_book("20261116-demo.csv", booleans=True)
os.makedirs("booleans", exist_ok=True)
wb.save("booleans/20261116-demo.xlsx")

# The template's rules, broken one by one, on the first example.
wb, ws, data = typed_book("20261116-demo.csv")
ws["AO3"] = "=1000+500.5"
wb.save("formula.xlsx")

wb, ws, data = typed_book("20261116-demo.csv")
ws["AO3"] = "#N/A"
ws["AO3"].data_type = "e"
wb.save("error.xlsx")

wb, ws, data = typed_book("20261116-demo.csv")
wb.create_sheet("Notes")["A1"] = "à revoir"
wb.save("sheet.xlsx")

wb, ws, data = typed_book("20261116-demo.csv")
last = openpyxl.utils.get_column_letter(len(data[0]))
ws.add_table(Table(displayName="Tableau1", ref=f"A1:{last}{len(data)}"))
wb.save("table.xlsx")

wb, ws, data = typed_book("20261116-demo.csv")
ws["I1"] = "NomDeFamille"
wb.save("header.xlsx")
