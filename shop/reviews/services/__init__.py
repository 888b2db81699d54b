"""Writes of the reviews app: reviews (``reviews``), photos (``images``), the rating summary (``rating``),
moderation (``moderation``) and other shoppers' reports and votes (``feedback``)."""
