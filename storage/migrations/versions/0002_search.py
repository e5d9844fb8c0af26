"""Full-text search over records: FTS5 on folded text, rowid = records.rowid.

Revision ID: 0002
Revises: 0001
"""
import json

from alembic import op
from sqlalchemy import text

from storage.search_text import record_values, search_text

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # '/' is part of a token so dates and numbers like 125/2020 stay whole.
    op.execute(
        "CREATE VIRTUAL TABLE record_search USING fts5("
        "content, tokenize = \"unicode61 remove_diacritics 0 tokenchars '/'\", prefix = '1 2 3')"
    )
    conn = op.get_bind()
    rows = conn.execute(text(
        "SELECT r.rowid AS rid, v.fields_json FROM records r JOIN record_revisions v "
        "ON v.record_id = r.id AND v.revision = r.head_revision"
    ))
    for rid, fields_json in rows:
        conn.execute(text("INSERT INTO record_search(rowid, content) VALUES (:rid, :content)"),
                     {"rid": rid, "content": search_text(record_values(json.loads(fields_json)))})


def downgrade() -> None:
    op.execute("DROP TABLE record_search")
