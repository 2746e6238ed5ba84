"""Importers that turn a Pemda's existing tables (Excel T-C.27/T-C.25, SIPD RI rows) into Cascade's YAML.

model.py  plain dataclasses every importer fills (ImportedOpd and its tree)
cells.py  reading one cell: numbers, units, money, kode, text (shared by every importer)
tulis.py  writing an ImportedOpd as data/opd/<opd>/ YAML text, deterministically
excel.py  the Excel importer (`cascade impor excel`)
"""
