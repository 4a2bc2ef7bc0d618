"""Citywide figures for commissioners and the advisory group: the overview, heatmaps, support,
trends, all counted in SQL."""
