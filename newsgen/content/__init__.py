"""Stages `read` and `parse`: files under content/ to entries, then to articles."""
