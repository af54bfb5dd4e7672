"""Pure rules of the rep's trade: no Qt, no SQL, the clock passed in."""
