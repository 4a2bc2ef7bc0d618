"""Assessment cycles: opening, changing and closing them, and finding the current one."""
