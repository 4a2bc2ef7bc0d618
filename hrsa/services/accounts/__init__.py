"""People's accounts: who they are, their passwords and links, the emails those cause, and
the administrators' lists of accounts. Views and the CLI share these rules."""
