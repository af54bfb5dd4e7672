"""Pictures of the figures: matplotlib drawings with no Qt, for the page and the terminal."""
