"""The administration views: the overview, schools and cycles (service.py), accounts and
invitations (accounts.py), and deleted evidence (evidence.py)."""
