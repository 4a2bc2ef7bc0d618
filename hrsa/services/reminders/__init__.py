"""Reminders by email: a cycle closing, plan actions falling due, resources to re-review and
proposals waiting. `due` finds what each person should be told today; `sending` sends each
reminder once and records it (and, like every email, in the outbox)."""
