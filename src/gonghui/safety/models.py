"""The tables of 劳动保护."""
