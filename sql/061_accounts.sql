-- microcred schema, migration 61: accounts (see include/microcred/account.h).
-- Password hashes live in their own table so that no query of users ever carries
-- them; sessions and API tokens are stored as the SHA-256 (hex) of their secret.

CREATE TABLE user_passwords (
  user_id    TEXT PRIMARY KEY REFERENCES users(id),
  hash       TEXT NOT NULL,                 -- crypto_pwhash_str (Argon2id) string
  updated_at TEXT NOT NULL
);

-- Opt-in public profile (a portfolio of verified badges, found by employers).
ALTER TABLE users ADD COLUMN public_profile BIGINT NOT NULL DEFAULT 0;

CREATE TABLE sessions (
  id_hash      TEXT PRIMARY KEY,            -- hex SHA-256 of the cookie value
  user_id      TEXT NOT NULL REFERENCES users(id),
  created_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at   TEXT NOT NULL                -- idle expiry, capped by the maximum age
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE api_tokens (
  id           TEXT PRIMARY KEY,
  token_hash   TEXT NOT NULL UNIQUE,        -- hex SHA-256 of the token
  prefix       TEXT NOT NULL,               -- "mc_" + 8 characters, to recognise it
  issuer_id    TEXT NOT NULL REFERENCES issuers(id),
  role         TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'assessor')),
  name         TEXT NOT NULL,
  user_id      TEXT NOT NULL REFERENCES users(id),  -- whom it acts for
  created_at   TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at   TEXT
);
CREATE INDEX api_tokens_issuer ON api_tokens(issuer_id);
