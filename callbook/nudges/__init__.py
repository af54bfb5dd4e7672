"""Nudges: planning turned into timed jobs, and the ways a nudge reaches the rep."""
