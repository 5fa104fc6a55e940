"""The tables of 荣誉与劳模."""
