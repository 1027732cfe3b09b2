"""`newsgen serve`: the authors' preview."""
