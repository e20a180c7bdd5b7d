"""The read side keeps no tables of its own yet (export job records come with the ledger)."""
