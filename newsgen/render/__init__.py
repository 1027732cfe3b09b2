"""Stage `render`: the Jinja2 environment, and pages to bytes."""
