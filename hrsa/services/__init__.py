"""Business rules as plain typed functions: they take a session and plain values, never a request.

Services only flush(); the caller (a view or a CLI command) commits once, so each request is one
transaction and a failure leaves the previous state intact.
"""
