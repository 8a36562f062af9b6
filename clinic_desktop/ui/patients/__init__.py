"""Finding patients, their file and history, corrections and merging duplicates, clinical photos."""
