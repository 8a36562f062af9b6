"""Aftercare: protocol schema and loader, the dated schedule, the reportlab sheet renderer.

No Qt and no database here. Modules: ``protocol`` (TOML files, checks), ``schedule`` (dates, visit
merging), ``render`` (the PDF), ``strings`` (sheet wording per language), ``sheet_inputs`` (the contract).
"""
