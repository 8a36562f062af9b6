"""Qt widgets, table models, dialogs and background workers (the only layer that imports PySide6)."""
