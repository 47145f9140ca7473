"""Members: enrolment, channels, availability, the roster of the quality cell."""
