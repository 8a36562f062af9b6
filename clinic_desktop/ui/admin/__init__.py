"""Administration: staff accounts, the clinic profile, the product catalogue, the audit trail viewer."""
