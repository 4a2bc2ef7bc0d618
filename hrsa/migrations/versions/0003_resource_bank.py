"""resource bank: resources, their standards/audiences/topics, reviews with criterion ratings, uses

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 04:13:58.452869

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():

    op.create_table(
        "resource",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("provider", sa.String(length=200), nullable=False),
        sa.Column("resource_type", sa.String(length=30), nullable=False),
        sa.Column("cost", sa.String(length=10), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("storage_key", sa.String(length=100), nullable=True),
        sa.Column("filename", sa.String(length=200), nullable=True),
        sa.Column("content_type", sa.String(length=150), nullable=True),
        sa.Column("size_bytes", sa.BigInteger(), nullable=True),
        sa.Column("review_by", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("waiting_since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("cost IN ('free', 'paid')", name=op.f("ck_resource_cost_known")),
        sa.CheckConstraint(
            "resource_type IN ('lesson_plan', 'scheme_of_work', 'video', 'leaflet', 'programme', 'staff_training', 'parent_session', 'website')",
            name=op.f("ck_resource_type_known"),
        ),
        sa.CheckConstraint(
            "state IN ('proposed', 'changes_requested', 'approved', 'lapsed', 'rejected')",
            name=op.f("ck_resource_state_known"),
        ),
        sa.CheckConstraint(
            "url IS NOT NULL OR storage_key IS NOT NULL", name=op.f("ck_resource_has_link_or_file")
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"],
            ["user_account.id"],
            name=op.f("fk_resource_proposed_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource")),
    )
    with op.batch_alter_table("resource", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_resource_proposed_by_id"), ["proposed_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_resource_review_by"), ["review_by"], unique=False)
        batch_op.create_index(batch_op.f("ix_resource_state"), ["state"], unique=False)

    op.create_table(
        "resource_audience",
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.CheckConstraint(
            "audience IN ('ks1', 'ks2', 'ks3', 'ks4', 'ks5', 'staff', 'parents_carers')",
            name=op.f("ck_resource_audience_known"),
        ),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["resource.id"],
            name=op.f("fk_resource_audience_resource_id_resource"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("resource_id", "audience", name=op.f("pk_resource_audience")),
    )
    with op.batch_alter_table("resource_audience", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_resource_audience_audience"), ["audience"], unique=False
        )

    op.create_table(
        "resource_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("review_by", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "decision IN ('approved', 'changes_requested', 'rejected')",
            name=op.f("ck_resource_review_decision_known"),
        ),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["resource.id"],
            name=op.f("fk_resource_review_resource_id_resource"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["user_account.id"],
            name=op.f("fk_resource_review_reviewer_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_review")),
    )
    with op.batch_alter_table("resource_review", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_resource_review_resource_id"), ["resource_id"], unique=False
        )

    op.create_table(
        "resource_standard",
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("standard_code", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["resource.id"],
            name=op.f("fk_resource_standard_resource_id_resource"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("resource_id", "standard_code", name=op.f("pk_resource_standard")),
    )
    with op.batch_alter_table("resource_standard", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_resource_standard_standard_code"), ["standard_code"], unique=False
        )

    op.create_table(
        "resource_topic",
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=40), nullable=False),
        sa.CheckConstraint(
            "topic IN ('consent', 'sexting', 'healthy_relationships', 'pornography', 'resilience', 'online_safety', 'domestic_abuse', 'child_sexual_exploitation', 'lgbt_inclusion', 'harmful_sexual_behaviour')",
            name=op.f("ck_resource_topic_known"),
        ),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["resource.id"],
            name=op.f("fk_resource_topic_resource_id_resource"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("resource_id", "topic", name=op.f("pk_resource_topic")),
    )
    with op.batch_alter_table("resource_topic", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_resource_topic_topic"), ["topic"], unique=False)

    op.create_table(
        "resource_use",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("marked_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["marked_by_id"],
            ["user_account.id"],
            name=op.f("fk_resource_use_marked_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["resource.id"],
            name=op.f("fk_resource_use_resource_id_resource"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_resource_use_school_id_school")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_use")),
        sa.UniqueConstraint(
            "resource_id", "school_id", name=op.f("uq_resource_use_resource_id_school_id")
        ),
    )
    with op.batch_alter_table("resource_use", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_resource_use_resource_id"), ["resource_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_resource_use_school_id"), ["school_id"], unique=False)

    op.create_table(
        "resource_criterion_rating",
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("criterion", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "criterion IN ('voice_of_the_child', 'demonstrates_impact', 'delivery_style', 'confidence_in_delivery', 'relevance', 'keeping_it_real', 'interesting_and_interactive', 'wrap_around_support')",
            name=op.f("ck_resource_criterion_rating_criterion_known"),
        ),
        sa.CheckConstraint(
            "outcome IN ('met', 'partly_met', 'not_met')",
            name=op.f("ck_resource_criterion_rating_outcome_known"),
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["resource_review.id"],
            name=op.f("fk_resource_criterion_rating_review_id_resource_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "review_id", "criterion", name=op.f("pk_resource_criterion_rating")
        ),
    )
    with op.batch_alter_table("resource_criterion_rating", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_resource_criterion_rating_outcome"), ["outcome"], unique=False
        )


def downgrade():

    with op.batch_alter_table("resource_criterion_rating", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resource_criterion_rating_outcome"))

    op.drop_table("resource_criterion_rating")
    with op.batch_alter_table("resource_use", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resource_use_school_id"))
        batch_op.drop_index(batch_op.f("ix_resource_use_resource_id"))

    op.drop_table("resource_use")
    with op.batch_alter_table("resource_topic", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resource_topic_topic"))

    op.drop_table("resource_topic")
    with op.batch_alter_table("resource_standard", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resource_standard_standard_code"))

    op.drop_table("resource_standard")
    with op.batch_alter_table("resource_review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resource_review_resource_id"))

    op.drop_table("resource_review")
    with op.batch_alter_table("resource_audience", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resource_audience_audience"))

    op.drop_table("resource_audience")
    with op.batch_alter_table("resource", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resource_state"))
        batch_op.drop_index(batch_op.f("ix_resource_review_by"))
        batch_op.drop_index(batch_op.f("ix_resource_proposed_by_id"))

    op.drop_table("resource")
