"""Flask extensions, created unbound so the app factory can bind them to any app."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase, Session

# Stable constraint names so Alembic migrations work the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Database(SQLAlchemy):
    """Flask-SQLAlchemy, with ``db.session`` typed as the ``Session`` the services take.

    ``db.session`` is a ``scoped_session``: a proxy that forwards every ``Session`` method to the
    current request's session, so passing it where a ``Session`` is expected is what the whole
    app does. Declaring it once here saves a cast at each of the hundred-odd call sites. Only the
    scoped-only methods (``remove()``, ``registry``) are hidden from the type checker; the test
    fixtures and scripts that call ``remove()`` are not type-checked.
    """

    session: Session  # type: ignore[assignment]


db = Database(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
