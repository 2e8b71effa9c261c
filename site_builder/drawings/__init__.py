"""The SVG drawings: the journey map, the atlas map, the decision charts and the cards'
sparklines. Their numbers are computed here (geometry.py and one layout module per drawing);
their markup is in the theme, partials/drawings/."""
