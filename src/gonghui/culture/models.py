"""The tables of 职工文化."""
