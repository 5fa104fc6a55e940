"""The tables of 工会经费."""
