"""The quality-assured resource bank: proposals, review, the bank schools search, the resources
recommended for a school's gaps and the resource-gap report."""
