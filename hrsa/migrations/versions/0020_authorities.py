"""authorities: the council as data, its wards, and schools from the national register

An extract checked and previewed waits in school_import until its import is confirmed.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 18:00:00

Existing data belongs to the one city the service ran for before authorities were data
(Plymouth, DfE code 879): one authority is made for it, every school joins it, and the wards its
schools name become its wards.
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

# The city every existing school belonged to (copied as literals: migrations import no live code).
EXISTING_AUTHORITY = {
    "code": "879",
    "name": "Plymouth",
    "service_name": "Safer Plymouth",
    "partnership_name": "Safer Plymouth partnership",
}


def upgrade():
    op.create_table(
        "authority",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("service_name", sa.String(length=200), nullable=False),
        sa.Column("partnership_name", sa.String(length=200), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=True),
        sa.Column("contact_phone", sa.String(length=30), nullable=True),
        sa.Column("contact_url", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_authority")),
        sa.UniqueConstraint("code", name=op.f("uq_authority_code")),
    )
    op.create_table(
        "ward",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("authority_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=9), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["authority_id"],
            ["authority.id"],
            name=op.f("fk_ward_authority_id_authority"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ward")),
        sa.UniqueConstraint("authority_id", "name", name="uq_ward_authority_name"),
    )
    with op.batch_alter_table("ward") as batch_op:
        batch_op.create_index(batch_op.f("ix_ward_authority_id"), ["authority_id"], unique=False)
    with op.batch_alter_table("school") as batch_op:
        batch_op.add_column(sa.Column("authority_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("is_closed", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("statutory_low_age", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("statutory_high_age", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("establishment_type", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("register_values", sa.JSON(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_school_authority_id_authority"),
            "authority",
            ["authority_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch_op.create_index(batch_op.f("ix_school_authority_id"), ["authority_id"], unique=False)
    op.create_table(
        "school_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("extract", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_school_import_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_import")),
    )
    with op.batch_alter_table("school_import") as batch_op:
        batch_op.create_index(batch_op.f("ix_school_import_user_id"), ["user_id"], unique=False)
    carry_existing_schools()


def carry_existing_schools():
    """One authority for the schools already here; their wards become its wards."""
    bind = op.get_bind()
    if not bind.execute(sa.text("SELECT 1 FROM school LIMIT 1")).first():
        return
    authority = sa.table(
        "authority",
        sa.column("id", sa.Integer()),
        sa.column("code", sa.String()),
        sa.column("name", sa.String()),
        sa.column("service_name", sa.String()),
        sa.column("partnership_name", sa.String()),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    bind.execute(
        authority.insert().values(**EXISTING_AUTHORITY, created_at=sa.func.current_timestamp())
    )
    authority_id = bind.execute(
        sa.text("SELECT id FROM authority WHERE code = :code"),
        {"code": EXISTING_AUTHORITY["code"]},
    ).scalar_one()
    bind.execute(sa.text("UPDATE school SET authority_id = :id"), {"id": authority_id})
    bind.execute(
        sa.text(
            "INSERT INTO ward (authority_id, name) "
            "SELECT DISTINCT :id, ward FROM school WHERE ward <> ''"
        ),
        {"id": authority_id},
    )


def downgrade():
    with op.batch_alter_table("school_import") as batch_op:
        batch_op.drop_index(batch_op.f("ix_school_import_user_id"))
    op.drop_table("school_import")
    with op.batch_alter_table("school") as batch_op:
        batch_op.drop_index(batch_op.f("ix_school_authority_id"))
        batch_op.drop_constraint(batch_op.f("fk_school_authority_id_authority"), type_="foreignkey")
        batch_op.drop_column("register_values")
        batch_op.drop_column("establishment_type")
        batch_op.drop_column("statutory_high_age")
        batch_op.drop_column("statutory_low_age")
        batch_op.drop_column("is_closed")
        batch_op.drop_column("authority_id")
    with op.batch_alter_table("ward") as batch_op:
        batch_op.drop_index(batch_op.f("ix_ward_authority_id"))
    op.drop_table("ward")
    op.drop_table("authority")
