"""Review for Bappeda mentors: semantic change reports between two revisions, and CODEOWNERS."""
