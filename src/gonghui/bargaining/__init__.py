"""Wage bargaining, democratic management and union building: collective contracts and coverage, instructors, workers' congresses, star ratings."""
