"""Honours of every level given to people and collectives; model workers, their association, studios and volunteer teams."""
