"""Women workers' special protection agreements, counselling rooms and service points."""
