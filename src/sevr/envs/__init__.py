"""Environments for learning agents: trail pursuit on a scenario's terrain (`trail_pursuit_v0`)."""
