"""Bringing contacts in from other tools and taking everything out: vCard, CSV, iCalendar, JSON."""
