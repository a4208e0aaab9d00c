-- microcred schema, migration 30: the DID that issues each status list.
--
-- A did:key issuer gets a new DID when its key rotates. Its credentials name the DID
-- they were issued under, and a verifier accepts a status list only from that same
-- issuer, so a list belongs to one DID: credentials issued after a rotation get
-- entries in a new list (next seq), and an older list keeps being signed by the key
-- of its own DID. NULL (lists made before this migration): the issuer's DID of the
-- time, taken to be the current one.
ALTER TABLE status_lists ADD COLUMN issuer_did TEXT;
