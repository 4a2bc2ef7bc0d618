"""reminders: who wants them, and which have been sent (each is sent once)

Revision ID: 0017
Revises: 0009
Create Date: 2026-12-05 11:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.add_column(
            sa.Column("wants_reminders", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    op.create_table(
        "reminder_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["user_account.id"],
            name=op.f("fk_reminder_sent_recipient_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_sent")),
        sa.UniqueConstraint("recipient_id", "key", name="uq_reminder_sent_once"),
    )
    with op.batch_alter_table("reminder_sent") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reminder_sent_recipient_id"), ["recipient_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("reminder_sent") as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminder_sent_recipient_id"))
    op.drop_table("reminder_sent")
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_column("wants_reminders")
