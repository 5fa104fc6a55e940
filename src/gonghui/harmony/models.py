"""The tables of 和谐企业."""
