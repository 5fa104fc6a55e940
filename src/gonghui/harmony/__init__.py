"""Harmonious-enterprise creation: applications, scoring, awards by level and single items, the creation rate; CSR evaluations."""
