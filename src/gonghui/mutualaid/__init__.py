"""The medical mutual-aid scheme: yearly rules, enrolment of units and workers, claims adjudicated by rule, payouts."""
