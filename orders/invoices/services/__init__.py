"""Invoice and credit-note services: numbering, issuing, crediting and rendering."""
