"""Clinical photos in the window: the lazily loaded photo strip, the viewer, side-by-side compare, photo
consent, and the patient file dialog (issue #16)."""
