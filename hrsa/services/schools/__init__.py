"""Schools: their profile (the Self-Assessment Tool's header) and the city's list of them."""
