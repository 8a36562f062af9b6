"""Managers' complication reports and exports, and batch recall."""
