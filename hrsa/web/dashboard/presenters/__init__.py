"""Page data for the dashboard templates: the overview, the heatmaps (cells, pages and spreadsheet
rows) and the filters every dashboard page shares."""
