-- microcred schema, migration 50: the transparency log (src/tlog,
-- docs/transparency-log.md). An append-only RFC 9162 Merkle tree of issuance events.

-- The next leaf index, taken inside the appending transaction (the award's), so
-- indexes never collide across processes and a rollback leaves no hole.
INSERT INTO counters (name, value) VALUES ('tlog', 0);

-- Leaves: the canonical entry text (JCS JSON, see the docs) and its leaf hash
-- SHA-256(0x00 || entry). Never updated or deleted.
CREATE TABLE tlog_leaves (
  leaf_index    BIGINT PRIMARY KEY,         -- 0, 1, 2, ...
  entry         TEXT NOT NULL,
  leaf_hash     {{BLOB}} NOT NULL,          -- 32 bytes
  credential_id TEXT NOT NULL,              -- copied from the entry, for look-ups
  type          TEXT NOT NULL CHECK (type IN ('issue', 'revoke', 'suspend', 'reinstate'))
);
CREATE INDEX tlog_leaves_credential ON tlog_leaves(credential_id);
CREATE INDEX tlog_leaves_hash ON tlog_leaves(leaf_hash);

-- The hash of every complete, aligned block of 2^level leaves (level >= 1; level 0
-- is tlog_leaves.leaf_hash): block b of level k covers leaves [b * 2^k, (b+1) * 2^k).
-- Written as the last leaf of the block is appended, so a tree head or proof of any
-- size takes O(log n) reads.
CREATE TABLE tlog_nodes (
  level BIGINT NOT NULL,
  block BIGINT NOT NULL,
  hash  {{BLOB}} NOT NULL,
  PRIMARY KEY (level, block)
);

-- The log's own Ed25519 signing key (created on first use). log_id is the base64
-- SHA-256 of the 32-byte public key.
CREATE TABLE tlog_keys (
  log_id      TEXT PRIMARY KEY,
  public_key  {{BLOB}} NOT NULL,
  secret_json TEXT NOT NULL,                -- Multikey key file with secretKeyMultibase
  state       TEXT NOT NULL CHECK (state IN ('active', 'retired')),
  created_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX tlog_keys_one_active ON tlog_keys(state) WHERE state = 'active';

-- Signed tree heads, oldest first. The signature is Ed25519 over the RFC 9162
-- TreeHeadDataV2 encoding of (timestamp, tree_size, root_hash, no extensions).
CREATE TABLE tlog_sths (
  seq          {{AUTOINC_PK}},
  tree_size    BIGINT NOT NULL,
  timestamp_ms BIGINT NOT NULL UNIQUE,      -- strictly increasing
  root_hash    {{BLOB}} NOT NULL,
  signature    {{BLOB}} NOT NULL,
  log_id       TEXT NOT NULL REFERENCES tlog_keys(log_id)
);
