"""Aftercare: protocol schema and loader, the dated schedule, and the reportlab sheet renderer (no Qt, no DB)."""
