"""The dashboard views: its pages (pages.py) and the citywide summary report (city_report.py)."""
