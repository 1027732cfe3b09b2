"""The pages machines read: feeds, sitemaps, the news sitemap, robots.txt."""
