"""Stage `parse`, bodies: Markdown to safe HTML, and what is derived from it."""
