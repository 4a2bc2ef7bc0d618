"""The assessment's forms: a principle page (principle.py), one plan action and reopening
(actions.py), and the plan's many-row pages (plan_rows.py)."""
