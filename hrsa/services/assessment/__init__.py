"""A school's self-assessment: starting it, rating standards under the tool's rules, saving a
principle, the delivery plan, the journey's tasks, checking answers, submitting and reopening."""
