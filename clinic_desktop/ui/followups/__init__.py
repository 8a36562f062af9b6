"""The Follow-ups page and the dialog that records one follow-up."""
