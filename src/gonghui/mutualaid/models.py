"""The tables of 医疗互助."""
