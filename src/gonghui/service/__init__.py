"""The worker service centre: the three-level service network, cases from visits and calls, legal aid and lawyer pairing, dispute early warning, recuperation."""
