"""the review chain: its new idea states, when an idea came into its state, the question
waiting for the producer and who asked it

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = "('draft','submitted','forwarded','selected','approved','returned','rejected')"
NEW = (
    "('draft','submitted','forwarded','selected','to_province','approved','returned',"
    "'returned_dist','returned_prov','rejected','plan_sent','plan_approved','developing',"
    "'evaluating')"
)


def _state_check(states: str) -> None:
    with op.batch_alter_table('ideas') as batch:
        batch.drop_constraint(op.f('ck_ideas_state_known'), type_='check')
        batch.create_check_constraint(op.f('ck_ideas_state_known'), f"state IN {states}")


def upgrade() -> None:
    with op.batch_alter_table('ideas') as batch:
        batch.add_column(sa.Column('state_changed_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('question', sa.Text(), nullable=True))
        batch.add_column(sa.Column('asked_by_user_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f('fk_ideas_asked_by_user_id_users'), 'users', ['asked_by_user_id'], ['id']
        )
    _state_check(NEW)


def downgrade() -> None:
    # The states the old schema does not know fall back to the nearest it does.
    op.execute(
        "UPDATE ideas SET state = CASE state"
        " WHEN 'to_province' THEN 'selected'"
        " WHEN 'returned_dist' THEN 'returned'"
        " WHEN 'returned_prov' THEN 'returned'"
        " ELSE 'approved' END"
        " WHERE state IN ('to_province','returned_dist','returned_prov','plan_sent',"
        "'plan_approved','developing','evaluating')"
    )
    _state_check(OLD)
    with op.batch_alter_table('ideas') as batch:
        batch.drop_constraint(op.f('fk_ideas_asked_by_user_id_users'), type_='foreignkey')
        batch.drop_column('asked_by_user_id')
        batch.drop_column('question')
        batch.drop_column('state_changed_at')
