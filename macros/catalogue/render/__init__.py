"""Layer 3 — HTML from the model: the Jinja environment, the page kinds' views, related ranking, the site's pages
and navigation. May import: core, model, load."""
