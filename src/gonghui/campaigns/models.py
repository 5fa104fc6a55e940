"""The tables of 劳动竞赛与创新."""
