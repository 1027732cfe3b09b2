"""Values passed between stages, errors, configuration, dates, slugs, the URL scheme,
where the theme is, and the worker processes."""
