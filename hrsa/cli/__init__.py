"""The `hrsa` command: one module per area of commands, sharing main.py (the entry point, the
one-sentence errors) and files.py (files written whole or not at all).

The command's names and options are the README's; each command calls the same services as the
views and commits once.
"""
