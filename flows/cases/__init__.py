"""Cases: the declaration, offering a case to the cell, the journal, levels 1-4, satisfaction."""
