"""stamp checks may be 'mistyped' (a serial with a wrong check character)

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = "('genuine','counterfeit','unknown','revoked','expired','not_ocop','no_code')"
NEW = "('genuine','counterfeit','unknown','revoked','expired','not_ocop','no_code','mistyped')"


def _status_check(statuses: str) -> None:
    with op.batch_alter_table('stamp_checks') as batch:
        batch.drop_constraint(op.f('ck_stamp_checks_status_known'), type_='check')
        batch.create_check_constraint(op.f('ck_stamp_checks_status_known'), f"status IN {statuses}")


def upgrade() -> None:
    _status_check(NEW)


def downgrade() -> None:
    op.execute("UPDATE stamp_checks SET status = 'unknown' WHERE status = 'mistyped'")
    _status_check(OLD)
