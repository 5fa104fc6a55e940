"""Help for workers in difficulty: the hardship archive, relief programmes, the three-level funds and grants."""
