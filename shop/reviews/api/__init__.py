"""Reviews API: a product's reviews, posting, editing and deleting one's own, reporting, helpful votes."""
