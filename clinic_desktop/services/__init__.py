"""Use cases (no Qt). Every public service takes the DB ``session`` and the acting ``actor`` as keywords."""
