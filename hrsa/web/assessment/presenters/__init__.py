"""Page data for the assessment templates (templates only display): the task list and principle
page (tasks.py), Check your answers (answers.py) and the delivery plan (plan.py)."""
