"""Create an empty PostgreSQL database for a CI run: ci_database.py SERVER_URL NAME."""

import sys

import psycopg
from sqlalchemy.engine import make_url


def main() -> None:
    server, name = sys.argv[1], sys.argv[2]
    url = make_url(server)
    with psycopg.connect(
        host=url.host,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        dbname=url.database or "postgres",
        autocommit=True,
        connect_timeout=10,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    print(f"Created an empty database {name} on {url.host}:{url.port or 5432}")


if __name__ == "__main__":
    main()
