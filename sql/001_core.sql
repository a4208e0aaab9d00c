-- microcred schema, migration 1: the platform core.
--
-- Portable between SQLite and PostgreSQL (see include/microcred/db.h): ids are TEXT
-- (UUID v7 unless said otherwise), times TEXT in RFC 3339 UTC ('2025-01-15T09:00:00Z'),
-- flags and counters BIGINT, JSON documents TEXT. Migrations are applied in number
-- order, each in one transaction, and recorded in schema_migrations.

-- Installation-wide settings: base_url, installation name, ...
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Gap-free counters, incremented inside the transaction that uses the value (a
-- rolled-back award gives its number back): 'credential' numbers awards.
CREATE TABLE counters (
  name  TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('credential', 0);

-- People: learners, issuer staff, administrators. Authentication (password hash,
-- sessions, API tokens) arrives with the web layer in a later migration.
CREATE TABLE users (
  id         TEXT PRIMARY KEY,
  email      TEXT NOT NULL UNIQUE,          -- stored lower-cased
  name       TEXT NOT NULL,
  did        TEXT,                          -- the learner's DID, when known
  is_admin   BIGINT NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

-- Organisations that issue (and endorse) credentials: an OB 3.0 Profile.
CREATE TABLE issuers (
  id          TEXT PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE,         -- used in URLs: /issuers/{slug}
  name        TEXT NOT NULL,
  url         TEXT,
  email       TEXT,
  country     TEXT,                         -- ISO 3166-1 alpha-2
  region      TEXT,
  description TEXT,
  image       TEXT,                         -- URL or data: URL
  did         TEXT NOT NULL UNIQUE,         -- did:web of the installation, or did:key
  issue_jwt   BIGINT NOT NULL DEFAULT 0,    -- also issue a VC-JWT with each award
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

-- Signing keys. Retired keys stay (and stay in the DID document) so that old
-- credentials keep verifying; only the active key signs.
CREATE TABLE issuer_keys (
  id          TEXT PRIMARY KEY,             -- verification method id (DID URL)
  issuer_id   TEXT NOT NULL REFERENCES issuers(id),
  type        TEXT NOT NULL,                -- 'Ed25519', 'P-256', 'RSA'
  public_json TEXT NOT NULL,                -- Multikey / JsonWebKey document, no secret
  secret_json TEXT,                         -- key file with secret; NULL once destroyed
  state       TEXT NOT NULL CHECK (state IN ('active', 'retired')),
  created_at  TEXT NOT NULL,
  retired_at  TEXT
);
CREATE UNIQUE INDEX issuer_keys_one_active ON issuer_keys(issuer_id) WHERE state = 'active';

CREATE TABLE staff (
  issuer_id  TEXT NOT NULL REFERENCES issuers(id),
  user_id    TEXT NOT NULL REFERENCES users(id),
  role       TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'assessor')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (issuer_id, user_id)
);

-- Micro-credentials: an OB 3.0 Achievement with achievementType MicroCredential,
-- plus the elements of the EU Council Recommendation (2022) on micro-credentials.
CREATE TABLE achievements (
  id                 TEXT PRIMARY KEY,
  issuer_id          TEXT NOT NULL REFERENCES issuers(id),
  slug               TEXT NOT NULL UNIQUE,  -- /achievements/{slug}
  kind               TEXT NOT NULL DEFAULT 'micro' CHECK (kind IN ('micro', 'pathway')),
  title              TEXT NOT NULL,
  description        TEXT,
  criteria           TEXT,                  -- narrative (Markdown)
  outcomes           TEXT NOT NULL DEFAULT '[]',  -- JSON array of learning outcome strings
  level_eqf          BIGINT CHECK (level_eqf IS NULL OR (level_eqf BETWEEN 1 AND 8)),
  workload_hours     DOUBLE PRECISION,
  ects               DOUBLE PRECISION,
  cost_amount        DOUBLE PRECISION,
  cost_currency      TEXT,                  -- ISO 4217
  delivery_mode      TEXT CHECK (delivery_mode IS NULL OR delivery_mode IN ('online', 'in-person', 'blended')),
  duration           TEXT,                  -- typical duration, ISO 8601 duration (P6W)
  assessment_type    TEXT,
  participation_form TEXT,
  quality_assurance  TEXT,
  prerequisites      TEXT,
  category           TEXT CHECK (category IS NULL OR category IN
                       ('digital-skills', 'soft-skills', 'industry-specific', 'emerging-technologies')),
  language           TEXT,                  -- BCP 47
  tags               TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
  image              TEXT,
  validity_months    BIGINT,                -- validUntil = award + this; NULL = no expiry
  state              TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published', 'archived')),
  published_at       TEXT,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);
CREATE INDEX achievements_issuer ON achievements(issuer_id);

-- Skills and alignments (ESCO, O*NET, ...): OB 3.0 Alignment.
CREATE TABLE alignments (
  id             TEXT PRIMARY KEY,
  achievement_id TEXT NOT NULL REFERENCES achievements(id),
  position       BIGINT NOT NULL,
  framework      TEXT,                      -- targetFramework
  code           TEXT,                      -- targetCode
  name           TEXT NOT NULL,             -- targetName
  url            TEXT NOT NULL,             -- targetUrl
  target_type    TEXT                       -- alignmentTargetType (ceasn:Competency, ...)
);
CREATE INDEX alignments_achievement ON alignments(achievement_id);

-- What earning a micro-credential takes. config is a JSON object whose members
-- depend on kind:
--   assignment     {"rubric": [{"criterion", "points"}], "pass_threshold"}
--   attendance     {"sessions"}                      (lecture or seminar)
--   portfolio      {"min_items"}
--   assessment     {"pass_score", "max_score", "max_attempts", "proctored", "identity_verification"}
--   conference     {"count"}
--   workplace      {"supervisor_required": true}
CREATE TABLE requirements (
  id             TEXT PRIMARY KEY,
  achievement_id TEXT NOT NULL REFERENCES achievements(id),
  position       BIGINT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN
                   ('assignment', 'attendance', 'portfolio', 'assessment', 'conference', 'workplace')),
  title          TEXT NOT NULL,
  description    TEXT,
  mode           TEXT NOT NULL DEFAULT 'online' CHECK (mode IN ('online', 'in-person')),
  config         TEXT NOT NULL DEFAULT '{}',
  created_at     TEXT NOT NULL
);
CREATE INDEX requirements_achievement ON requirements(achievement_id);

CREATE TABLE enrolments (
  id             TEXT PRIMARY KEY,
  achievement_id TEXT NOT NULL REFERENCES achievements(id),
  user_id        TEXT NOT NULL REFERENCES users(id),
  state          TEXT NOT NULL CHECK (state IN ('active', 'completed', 'withdrawn')),
  started_at     TEXT NOT NULL,
  target_date    TEXT,
  completed_at   TEXT,
  withdrawn_at   TEXT,
  created_at     TEXT NOT NULL
);
-- One live enrolment per learner and micro-credential.
CREATE UNIQUE INDEX enrolments_one_live ON enrolments(achievement_id, user_id) WHERE state <> 'withdrawn';
CREATE INDEX enrolments_user ON enrolments(user_id);

-- Uploaded files, content-addressed (the same bytes are stored once).
CREATE TABLE files (
  sha256     TEXT PRIMARY KEY,              -- hex
  size       BIGINT NOT NULL,
  media_type TEXT NOT NULL,
  content    {{BLOB}} NOT NULL,
  created_at TEXT NOT NULL
);

-- Evidence a learner submits for a requirement (assignment, portfolio item, ...).
CREATE TABLE evidence (
  id             TEXT PRIMARY KEY,
  enrolment_id   TEXT NOT NULL REFERENCES enrolments(id),
  requirement_id TEXT NOT NULL REFERENCES requirements(id),
  kind           TEXT NOT NULL CHECK (kind IN ('text', 'url', 'file')),
  title          TEXT,
  text           TEXT,
  url            TEXT,
  file_sha256    TEXT REFERENCES files(sha256),
  file_name      TEXT,
  state          TEXT NOT NULL DEFAULT 'submitted' CHECK (state IN ('submitted', 'accepted', 'rejected')),
  is_public      BIGINT NOT NULL DEFAULT 0, -- may appear in the credential and on the badge page
  submitted_at   TEXT NOT NULL
);
CREATE INDEX evidence_enrolment ON evidence(enrolment_id);
CREATE INDEX evidence_pending ON evidence(state);

-- Assessor decisions on evidence.
CREATE TABLE reviews (
  id          TEXT PRIMARY KEY,
  evidence_id TEXT NOT NULL REFERENCES evidence(id),
  reviewer_id TEXT NOT NULL REFERENCES users(id),
  decision    TEXT NOT NULL CHECK (decision IN ('accept', 'reject')),
  score       DOUBLE PRECISION,
  feedback    TEXT NOT NULL DEFAULT '{}',   -- JSON: {"comment", "rubric": [{"criterion", "points"}]}
  created_at  TEXT NOT NULL
);
CREATE INDEX reviews_evidence ON reviews(evidence_id);

-- Attendance recorded by staff: one row per session (lecture/seminar) or event (conference).
CREATE TABLE attendance (
  id             TEXT PRIMARY KEY,
  enrolment_id   TEXT NOT NULL REFERENCES enrolments(id),
  requirement_id TEXT NOT NULL REFERENCES requirements(id),
  session        TEXT NOT NULL,             -- session or event name / date
  recorded_by    TEXT NOT NULL REFERENCES users(id),
  created_at     TEXT NOT NULL,
  UNIQUE (enrolment_id, requirement_id, session)
);

-- Assessment results (skill tests, exams) and workplace attestations recorded by staff.
CREATE TABLE results (
  id                    TEXT PRIMARY KEY,
  enrolment_id          TEXT NOT NULL REFERENCES enrolments(id),
  requirement_id        TEXT NOT NULL REFERENCES requirements(id),
  attempt               BIGINT NOT NULL,
  score                 DOUBLE PRECISION,
  passed                BIGINT NOT NULL,
  proctored             BIGINT NOT NULL DEFAULT 0,
  identity_verification TEXT,               -- how identity was checked (photo ID, online proctoring, ...)
  supervisor_name       TEXT,               -- workplace demonstration: who attests
  supervisor_email      TEXT,
  statement             TEXT,
  recorded_by           TEXT NOT NULL REFERENCES users(id),
  created_at            TEXT NOT NULL,
  UNIQUE (enrolment_id, requirement_id, attempt)
);

-- Bitstring status lists, one per issuer and purpose (more when one fills up).
CREATE TABLE status_lists (
  id              TEXT PRIMARY KEY,
  issuer_id       TEXT NOT NULL REFERENCES issuers(id),
  purpose         TEXT NOT NULL CHECK (purpose IN ('revocation', 'suspension')),
  seq             BIGINT NOT NULL,          -- 1, 2, ... per issuer and purpose; in the URL
  size            BIGINT NOT NULL,          -- entries (bits)
  next_index      BIGINT NOT NULL DEFAULT 0,-- allocation cursor; indexes are never reused
  bits            {{BLOB}} NOT NULL,        -- the raw bitstring (size / 8 bytes)
  credential_json TEXT,                     -- the signed BitstringStatusListCredential
  updated_at      TEXT NOT NULL,
  UNIQUE (issuer_id, purpose, seq)
);

-- Awarded credentials. award_key makes awarding idempotent: one completion, one
-- CSV row, one pathway completion never yields two credentials.
CREATE TABLE credentials (
  id                TEXT PRIMARY KEY,       -- urn:uuid:...
  number            BIGINT NOT NULL UNIQUE, -- 1, 2, 3 ... from counters('credential'): no gaps
  issuer_id         TEXT NOT NULL REFERENCES issuers(id),
  achievement_id    TEXT NOT NULL REFERENCES achievements(id),
  user_id           TEXT REFERENCES users(id),
  recipient_email   TEXT NOT NULL,
  recipient_name    TEXT,
  award_key         TEXT NOT NULL UNIQUE,   -- 'enrolment:<id>', 'csv:<job>:<row>', 'pathway:<id>:<user>', 'direct:<uuid>'
  enrolment_id      TEXT REFERENCES enrolments(id),
  state             TEXT NOT NULL CHECK (state IN ('active', 'revoked', 'suspended')),
  revocation_list   TEXT REFERENCES status_lists(id),
  revocation_index  BIGINT,
  suspension_list   TEXT REFERENCES status_lists(id),
  suspension_index  BIGINT,
  json              TEXT NOT NULL,          -- the signed credential (eddsa-rdfc-2022)
  jwt               TEXT,                   -- the VC-JWT, when the issuer issues one
  sha256            TEXT NOT NULL,          -- hex SHA-256 of json, as stored
  issued_at         TEXT NOT NULL,
  valid_until       TEXT,
  state_reason      TEXT,                   -- why revoked / suspended
  state_changed_at  TEXT,
  UNIQUE (revocation_list, revocation_index),
  UNIQUE (suspension_list, suspension_index)
);
CREATE INDEX credentials_user ON credentials(user_id);
CREATE INDEX credentials_achievement ON credentials(achievement_id);
CREATE INDEX credentials_email ON credentials(recipient_email);

-- Pathways: a stacked credential (an achievement of kind 'pathway') earned by
-- satisfying a rule tree over other achievements:
--   {"all": [R...]} | {"any": [R...]} | {"n": N, "of": [R...]} | {"achievement": "<id>"}
CREATE TABLE pathways (
  id             TEXT PRIMARY KEY,
  achievement_id TEXT NOT NULL UNIQUE REFERENCES achievements(id),
  rule           TEXT NOT NULL,
  created_at     TEXT NOT NULL
);

-- Endorsements: EndorsementCredentials an organisation issued about an issuer or a
-- micro-credential; later awards embed the current ones.
CREATE TABLE endorsements (
  id            TEXT PRIMARY KEY,           -- the EndorsementCredential's id
  endorser_id   TEXT NOT NULL REFERENCES issuers(id),
  subject_type  TEXT NOT NULL CHECK (subject_type IN ('issuer', 'achievement')),
  subject_id    TEXT NOT NULL,
  comment       TEXT,
  json          TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  withdrawn_at  TEXT
);
CREATE INDEX endorsements_subject ON endorsements(subject_type, subject_id);

-- Bulk award jobs (CSV), resumable: rows already done are skipped on a re-run.
CREATE TABLE bulk_jobs (
  id          TEXT PRIMARY KEY,
  issuer_id   TEXT REFERENCES issuers(id),
  file_sha256 TEXT NOT NULL UNIQUE,         -- the same file resumes the same job
  file_name   TEXT,
  total_rows  BIGINT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('running', 'done')),
  created_at  TEXT NOT NULL,
  finished_at TEXT
);
CREATE TABLE bulk_rows (
  job_id        TEXT NOT NULL REFERENCES bulk_jobs(id),
  row_number    BIGINT NOT NULL,
  state         TEXT NOT NULL CHECK (state IN ('awarded', 'failed')),
  credential_id TEXT,
  error         TEXT,
  PRIMARY KEY (job_id, row_number)
);

-- Domain events (an outbox): award, revocation, ... consumed by notifications,
-- webhooks and the transparency log.
CREATE TABLE events (
  seq        {{AUTOINC_PK}},
  type       TEXT NOT NULL,                 -- 'credential.awarded', 'credential.revoked', ...
  subject    TEXT NOT NULL,                 -- the id it is about
  payload    TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
);
