"""Contests (the skills games, the sports games, key-project contests) and innovation: small innovations, QC projects, in-house titles, training bases."""
