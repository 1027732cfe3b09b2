"""Stage `plan`: every page and file the site will have."""
