"""Report downloads: a school's PDF (school.py) and every school's reports as a ZIP (bundle.py)."""
