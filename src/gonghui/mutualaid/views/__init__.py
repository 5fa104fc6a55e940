"""The mutual-aid pages: the scheme and its figures, the year's rules, enrolment, claims."""
