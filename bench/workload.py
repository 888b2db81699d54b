"""What the load generator asks for; the bare reference view precomputes exactly these list pages."""

from urllib.parse import urlencode

LIST_PATH = "/api/v1/products/"
DETAIL_PATH = "/api/v1/products/{slug}/"
REFERENCE_PATH = "/bench/reference/products/"
PAGE_SIZE = 20
# Early pages are what people browse; the deep ones make PostgreSQL skip thousands of rows (OFFSET).
PAGES = (1, 2, 3, 4, 5, 8, 13, 21, 50, 120, 300, 480)
SEARCHES = ("wireless", "linen shirt", "cast iron", "waterproof jacket", "merino", "usb-c cable", "yoga mat")


def list_queries() -> list[str]:
    """The query strings of the list requests: plain pages, and searches (page 1, some page 2)."""
    plain = [urlencode({"page_size": PAGE_SIZE, "page": page}) for page in PAGES]
    searches = [urlencode({"page_size": PAGE_SIZE, "q": term}) for term in SEARCHES]
    searches += [urlencode({"page_size": PAGE_SIZE, "q": term, "page": 2}) for term in SEARCHES[:3]]
    return plain + searches


def is_search(path: str) -> bool:
    return "q=" in path
