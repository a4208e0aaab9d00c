-- microcred schema, migration 65: the catalogue's search documents
-- (src/store/catalogue_search.c, include/microcred/catalogue.h).
--
-- One row per published micro-credential: the text that its search index holds,
-- as it was when it was indexed. The store compares these columns with the
-- catalogue tables before each search and re-indexes what changed (a changed
-- title, description, tags or issuer name; alignments replaced — their ids are
-- new UUIDs then, so max(id) changes; published or withdrawn), in one write
-- transaction.
--
-- The index itself is backend-specific and therefore not created here (this file
-- must run on SQLite and PostgreSQL alike, and on SQLite builds without FTS5):
--   SQLite   the store creates the FTS5 table catalogue_fts (achievement_id
--            UNINDEXED, title, description, skills, tags, issuer) on first use when
--            the FTS5 module is present; without it, searches use LIKE.
--            (Triggers cannot maintain it: the connection runs with
--            trusted_schema=OFF, under which FTS5 may not be used from triggers.)
--   PostgreSQL  a tsvector over these columns (to be added with that backend);
--            until then, LIKE.
CREATE TABLE catalogue_search (
  achievement_id TEXT PRIMARY KEY REFERENCES achievements(id),
  title          TEXT NOT NULL,
  description    TEXT NOT NULL,             -- '' when the micro-credential has none
  skills         TEXT NOT NULL,             -- alignment names, one per line
  skills_key     TEXT NOT NULL,             -- max(alignments.id) when indexed, '' for none
  tags           TEXT NOT NULL,             -- the JSON array text of achievements.tags
  issuer         TEXT NOT NULL,             -- the issuer's name
  indexed_at     TEXT NOT NULL
);

-- Facet and listing queries read published micro-credentials by state.
CREATE INDEX achievements_state ON achievements(state);
