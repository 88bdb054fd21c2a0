"""The batch: manifest, one row start to finish, its folder, receipt, summary."""
