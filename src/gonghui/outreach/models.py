"""The tables of 双服务."""
