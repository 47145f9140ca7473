"""French text: dates, phones, the patient-identifier guard, matching, and the catalogues."""
