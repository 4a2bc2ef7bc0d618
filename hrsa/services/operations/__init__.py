"""Running the service safely: backups and restores, data protection (a school's export,
erasing a person, retention), readiness, the storage check, files that follow the transaction,
and reading the audit log."""
