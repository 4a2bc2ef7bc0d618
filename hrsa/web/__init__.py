"""Everything that imports Flask: one package per area (the same names as hrsa/services), each
with its blueprint in __init__.py, routes, forms and presenters (page data), and the plumbing
they share: security, errors, navigation, lookups, forms, responses and templating."""
