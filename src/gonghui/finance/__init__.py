"""Union funds: dues collected against what is due, and the performance audits with their findings."""
