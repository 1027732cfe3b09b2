"""Stage `index`: published articles to the `Site` every page is planned from."""
