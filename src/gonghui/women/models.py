"""The tables of 女职工与心理关爱."""
