"""Complication statistics and the CSV / XLSX / PDF exporters (no Qt here)."""
