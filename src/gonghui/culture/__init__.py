"""Culture and learning: deliveries of performances, films and books, workers' libraries, learning enterprises."""
