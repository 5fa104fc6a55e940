"""The federation's own outreach: visits to enterprises, towns, villages and teams, and what they achieved."""
