"""The tables of 职工服务."""
