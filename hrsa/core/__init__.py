"""The Flask-free kernel every layer may use: errors, the framework, vocabulary, formatting and
pagination. It imports nothing else of hrsa except the models' base where it must."""
