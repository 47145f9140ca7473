"""RCP meetings: creation, proposals, vote, publication, minutes, decisions."""
