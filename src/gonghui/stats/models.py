"""The tables of 统计与报告."""
