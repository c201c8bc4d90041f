"""incident triage and surges

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 00:40:00
"""
from alembic import op
import sqlalchemy as sa
import pipeline.store.types


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('incident_triage',
    sa.Column('post_id', Id, nullable=False),
    sa.Column('analysis_id', Id, nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('at', pipeline.store.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_incident_triage_post_id_posts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('post_id', name=op.f('pk_incident_triage'))
    )
    op.create_table('surges',
    sa.Column('id', Id, autoincrement=True, nullable=False),
    sa.Column('sector', sa.String(length=32), nullable=False),
    sa.Column('municipality', sa.String(length=64), nullable=False),
    sa.Column('hour_start', pipeline.store.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('posts', sa.Integer(), nullable=False),
    sa.Column('baseline', sa.Float(), nullable=False),
    sa.Column('incident_id', Id, nullable=True),
    sa.Column('detected_at', pipeline.store.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_surges_incident_id_incidents'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_surges')),
    sa.UniqueConstraint('sector', 'municipality', 'hour_start', name='uq_surges_bucket')
    )


def downgrade() -> None:
    op.drop_table('surges')
    op.drop_table('incident_triage')
