"""The assessment views: start, task list, principle pages and history (tasks.py), the delivery
plan (plan.py, plan_add.py, plan_change.py), submitting and reopening (submission.py)."""
