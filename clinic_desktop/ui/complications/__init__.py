"""The complication form: record or amend a complication with its severity grade."""
