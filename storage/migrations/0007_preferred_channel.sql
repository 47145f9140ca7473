-- rexbot schema, version 7: a member reachable on several channels says which one to use.

ALTER TABLE members ADD COLUMN preferred_transport TEXT;
