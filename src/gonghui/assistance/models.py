"""The tables of 困难帮扶."""
