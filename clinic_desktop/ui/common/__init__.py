"""Shared widgets and helpers: form errors at the fields, background workers, file choosers, the crash hook."""
