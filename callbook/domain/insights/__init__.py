"""Insights (F13): the rep's own log read as figures, by pure functions over plain rows."""
