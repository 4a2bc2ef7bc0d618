"""Authorities: the councils that adopt the service, their wards, and how pages name them."""
