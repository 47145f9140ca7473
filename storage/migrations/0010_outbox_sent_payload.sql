-- rexbot schema, version 10: a message's payload as it will be once sent (without its text
-- nor attachment), sealed when the message is stored, so that marking it sent only swaps it in.
ALTER TABLE outbox ADD COLUMN payload_sent BLOB;
