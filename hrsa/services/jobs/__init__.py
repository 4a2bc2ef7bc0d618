"""Background jobs: long work (every school's reports, the citywide PDF, whole-cycle exports,
a school's data-protection export) made outside the web request, with a record people can follow.

- `records`: start a job (its row), find a person's job, expire results after a day.
- `running`: run a job by id: build its file, store it with `Storage.put`, report progress.
- `builders`: what each kind of job makes, written to a temporary file so memory stays flat.
- `runners`: where jobs run: RQ on Redis, a thread of the app process, or inline (tests).
- `schedule`: the daily and hourly work `hrsa worker --with-scheduler` runs.
"""
