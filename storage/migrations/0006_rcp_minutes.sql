-- rexbot schema, version 6: RCP minutes (who else attended) and decision reminders.

-- Attendees beyond those who answered "present" (typed by the coordinator with the minutes).
ALTER TABLE rcp_meetings ADD COLUMN other_attendees TEXT;
ALTER TABLE rcp_decisions ADD COLUMN note TEXT;
