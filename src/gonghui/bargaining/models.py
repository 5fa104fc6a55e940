"""The tables of 协商与民主管理."""
