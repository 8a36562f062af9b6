"""The front desk's day: today's treatment sessions, recording one, and printing the aftercare sheet."""
