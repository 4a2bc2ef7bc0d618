"""Reports as plain data for the PDFs: a school's report, its comparison with the city, the ZIP of
every school's report and the citywide summary."""
