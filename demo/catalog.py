"""The demo shop: a believable, deterministic catalog and the two demo accounts (``manage.py seed_demo``).

Product number ``n`` is always the same product (its own ``random.Random`` is seeded with ``n``), so
``--products 240`` and then ``--products 10000`` add the 9,760 missing products and change none of
the first 240. Demo rows are recognised by their slug (products, categories) and SKU (variants).
"""

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from random import Random

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils.text import slugify

from accounts.models import User
from privacy.models import Channel
from privacy.selectors.policy import policy_version_current
from privacy.services.policy import policy_accept, policy_version_publish_initial
from shop.models import Category, Product, ProductVariant
from shop.services.catalog_version import catalog_version_bump

MERCHANT_EMAIL = "merchant@privashop.test"
MERCHANT_PASSWORD = "demo-merchant-2026"
SHOPPER_EMAIL = "shopper@privashop.test"
SHOPPER_PASSWORD = "demo-shopper-2026"
DEFAULT_PRODUCT_COUNT = 240
_SEED = "privashop-demo"


@dataclass(frozen=True)
class Axis:
    """One variant dimension; ``surcharges`` (fractions of the base price) follow ``values`` when given."""

    name: str
    values: tuple[str, ...]
    surcharges: tuple[float, ...] = ()


@dataclass(frozen=True)
class Leaf:
    """A leaf category and what its products look like."""

    path: tuple[str, str, str]
    code: str
    nouns: tuple[str, ...]
    features: tuple[str, ...]
    brands: tuple[str, ...]
    price: tuple[int, int]
    axes: tuple[Axis, ...]
    blurbs: tuple[str, ...]


SIZES = Axis("size", ("XS", "S", "M", "L", "XL", "XXL"))
KIDS_SIZES = Axis("size", ("2-3Y", "4-5Y", "6-7Y", "8-9Y", "10-11Y"))
SHOE_SIZES = Axis("size", tuple(f"EU {n}" for n in range(37, 46)))
COLOURS = Axis("colour", ("Black", "White", "Navy", "Olive", "Grey", "Sand", "Burgundy", "Sky Blue"))
TECH_COLOURS = Axis("colour", ("Black", "Silver", "White", "Midnight Blue"))
CLOTHING_BRANDS = ("Northwind", "Linden & Co", "Fjordline", "Harbour Street", "Maple Thread")
HOME_BRANDS = ("Hearthstone", "Casa Verde", "Oakhouse", "Kiln & Copper")
TECH_BRANDS = ("Voltra", "Sonique", "Pixelhaus", "Aether")
OUTDOOR_BRANDS = ("Summitline", "Trailhead", "Kestrel", "Bluefjord")

LEAVES: tuple[Leaf, ...] = (
    Leaf(("Clothing", "Men", "Shirts"), "SHT", ("Oxford Shirt", "Linen Shirt", "Flannel Shirt", "Poplin Shirt"),
         ("Slim-Fit", "Regular-Fit", "Organic Cotton", "Button-Down", "Short-Sleeve"), CLOTHING_BRANDS, (149, 459),
         (SIZES, COLOURS), ("Breathable cotton that softens with every wash.", "A crisp collar that holds its shape.")),
    Leaf(("Clothing", "Men", "Trousers"), "TRS", ("Chinos", "Cargo Trousers", "Wool Trousers", "Joggers"),
         ("Tapered", "Stretch", "Relaxed", "Water-Repellent"), CLOTHING_BRANDS, (199, 599),
         (SIZES, COLOURS), ("A comfortable waist with a hidden stretch band.", "Deep pockets for phone and keys.")),
    Leaf(("Clothing", "Men", "Jackets"), "JKT", ("Rain Jacket", "Down Jacket", "Denim Jacket", "Bomber Jacket"),
         ("Waterproof", "Packable", "Insulated", "Windproof", "Recycled"), CLOTHING_BRANDS, (399, 1599),
         (SIZES, COLOURS), ("Taped seams keep the rain out.", "Warm without the bulk, packs into its own pocket.")),
    Leaf(("Clothing", "Women", "Dresses"), "DRS", ("Wrap Dress", "Shirt Dress", "Midi Dress", "Maxi Dress"),
         ("Linen", "Floral", "Jersey", "Pleated", "Sleeveless"), CLOTHING_BRANDS, (229, 799),
         (SIZES, COLOURS), ("A flattering cut for summer days.", "Light, airy fabric with a lined skirt.")),
    Leaf(("Clothing", "Women", "Knitwear"), "KNT", ("Cardigan", "Crew-Neck Jumper", "Turtleneck", "Knitted Vest"),
         ("Merino Wool", "Cashmere-Blend", "Chunky", "Ribbed"), CLOTHING_BRANDS, (259, 999),
         (SIZES, COLOURS), ("Soft merino that does not itch.", "Knitted to keep you warm through winter.")),
    Leaf(("Clothing", "Women", "Jeans"), "JNS", ("Straight Jeans", "Skinny Jeans", "Wide-Leg Jeans", "Mom Jeans"),
         ("High-Rise", "Mid-Rise", "Stretch Denim", "Organic Denim"), CLOTHING_BRANDS, (299, 699),
         (Axis("waist", tuple(f"W{n}" for n in range(24, 35, 2))), Axis("wash", ("Light", "Mid", "Dark", "Black"))),
         ("Denim with just enough stretch.", "Five-pocket classic that goes with everything.")),
    Leaf(("Clothing", "Kids", "T-Shirts"), "KTS", ("T-Shirt", "Long-Sleeve Tee", "Graphic Tee"),
         ("Organic Cotton", "Striped", "Dinosaur Print", "Rocket Print"), CLOTHING_BRANDS, (59, 149),
         (KIDS_SIZES, COLOURS), ("Soft cotton that survives the playground.", "Tag-free neck for sensitive skin.")),
    Leaf(("Clothing", "Footwear", "Sneakers"), "SNK", ("Running Shoes", "Canvas Sneakers", "Trail Runners"),
         ("Lightweight", "Cushioned", "Vegan", "Breathable Mesh"), CLOTHING_BRANDS, (349, 1299),
         (SHOE_SIZES,), ("A cushioned sole for long runs.", "Grippy rubber outsole for wet pavements.")),
    Leaf(("Clothing", "Footwear", "Boots"), "BOT", ("Chelsea Boots", "Hiking Boots", "Winter Boots"),
         ("Leather", "Waterproof", "Lined", "Suede"), CLOTHING_BRANDS, (499, 1699),
         (SHOE_SIZES,), ("Full-grain leather that ages beautifully.", "Warm lining and a waterproof membrane.")),
    Leaf(("Home", "Kitchen", "Cookware"), "CKW", ("Frying Pan", "Saucepan", "Dutch Oven", "Wok", "Stockpot"),
         ("Cast Iron", "Non-Stick", "Stainless Steel", "Carbon Steel", "Enamelled"), HOME_BRANDS, (159, 1299),
         (Axis("diameter", ("20 cm", "24 cm", "28 cm", "32 cm"), (0, 0.15, 0.3, 0.45)),),
         ("Works on induction, gas and electric hobs.", "Oven-safe up to 260 °C, dishwasher safe.")),
    Leaf(("Home", "Kitchen", "Knives"), "KNF", ("Chef's Knife", "Santoku Knife", "Bread Knife", "Paring Knife"),
         ("Damascus Steel", "German Steel", "Ceramic", "Japanese"), HOME_BRANDS, (129, 899),
         (Axis("blade", ("9 cm", "15 cm", "20 cm", "23 cm"), (0, 0.2, 0.35, 0.5)),),
         ("A razor-sharp edge that stays sharp.", "Balanced handle for precise, safe cutting.")),
    Leaf(("Home", "Kitchen", "Coffee & Tea"), "COF", ("French Press", "Pour-Over Kettle", "Teapot", "Moka Pot"),
         ("Glass", "Stainless Steel", "Gooseneck", "Double-Walled"), HOME_BRANDS, (99, 599),
         (Axis("capacity", ("0.35 L", "0.6 L", "1 L"), (0, 0.15, 0.3)),),
         ("Brews rich coffee in four minutes.", "Keeps tea hot without burning your hands.")),
    Leaf(("Home", "Bedding", "Duvet Covers"), "DUV", ("Duvet Cover Set", "Duvet Cover"),
         ("Washed Linen", "Percale Cotton", "Sateen", "Organic Cotton"), HOME_BRANDS, (299, 1199),
         (Axis("bed", ("Single", "Double", "Queen", "King"), (0, 0.15, 0.25, 0.35)), COLOURS),
         ("Cool in summer, cosy in winter.", "Hidden button closure and corner ties.")),
    Leaf(("Home", "Bedding", "Pillows"), "PIL", ("Pillow", "Memory Foam Pillow", "Down Pillow"),
         ("Hypoallergenic", "Cooling", "Orthopaedic", "Feather-Free"), HOME_BRANDS, (99, 499),
         (Axis("firmness", ("Soft", "Medium", "Firm")),),
         ("Supports your neck whether you sleep on your back or side.", "Removable, washable cover.")),
    Leaf(("Home", "Lighting", "Desk Lamps"), "LMP", ("Desk Lamp", "Reading Lamp", "Clamp Lamp"),
         ("LED", "Dimmable", "Adjustable", "Minimalist"), HOME_BRANDS, (129, 699),
         (Axis("colour", ("Black", "White", "Brass", "Sage Green")),),
         ("Flicker-free LED light that is easy on the eyes.", "Warm to cool white with a touch dimmer.")),
    Leaf(("Electronics", "Audio", "Headphones"), "HPH", ("Headphones", "Earbuds", "On-Ear Headphones"),
         ("Wireless", "Noise Cancelling", "Bluetooth", "Studio", "Sport"), TECH_BRANDS, (199, 2999),
         (TECH_COLOURS,), ("Active noise cancelling for quiet commutes.", "Up to 30 hours of battery life.")),
    Leaf(("Electronics", "Audio", "Speakers"), "SPK", ("Bluetooth Speaker", "Smart Speaker", "Soundbar"),
         ("Portable", "Waterproof", "Wi-Fi", "Compact"), TECH_BRANDS, (249, 3499),
         (TECH_COLOURS,), ("Big, clear sound from a small box.", "Pairs in seconds over Bluetooth 5.3.")),
    Leaf(("Electronics", "Phones", "Smartphones"), "PHN", ("Smartphone", "Phone"),
         ("5G", "Dual-SIM", "Compact", "Pro", "Camera"), TECH_BRANDS, (1499, 7999),
         (Axis("storage", ("128 GB", "256 GB", "512 GB"), (0, 0.15, 0.35)), TECH_COLOURS),
         ("A bright OLED screen and an all-day battery.", "Triple camera that shines in low light.")),
    Leaf(("Electronics", "Phones", "Chargers & Cables"), "CHG", ("USB-C Cable", "Wall Charger", "Power Bank"),
         ("Fast-Charging", "Braided", "GaN", "Magnetic"), TECH_BRANDS, (49, 399),
         (Axis("length", ("1 m", "2 m"), (0, 0.2)), Axis("colour", ("Black", "White"))),
         ("USB-C power delivery charges a laptop too.", "Braided nylon that survives being bent.")),
    Leaf(("Electronics", "Computers", "Laptops"), "LTP", ("Laptop", "Ultrabook", "Notebook"),
         ("14-inch", "16-inch", "Lightweight", "Creator", "Business"), TECH_BRANDS, (4999, 14999),
         (Axis("memory", ("16 GB", "32 GB"), (0, 0.2)), Axis("storage", ("512 GB SSD", "1 TB SSD"), (0, 0.12))),
         ("A sharp display and a keyboard you will enjoy typing on.", "Fast SSD and all-day battery life.")),
    Leaf(("Electronics", "Computers", "Keyboards"), "KBD", ("Mechanical Keyboard", "Keyboard", "Tenkeyless Keyboard"),
         ("Wireless", "Backlit", "Low-Profile", "Hot-Swappable"), TECH_BRANDS, (199, 1299),
         (Axis("layout", ("US", "UK", "DE")), Axis("switch", ("Red", "Brown", "Blue"))),
         ("Tactile switches rated for 50 million presses.", "Connects to three devices over Bluetooth.")),
    Leaf(("Sports & Outdoors", "Camping", "Tents"), "TNT", ("Dome Tent", "Tunnel Tent", "Backpacking Tent"),
         ("Ultralight", "Waterproof", "Freestanding", "Four-Season"), OUTDOOR_BRANDS, (599, 3999),
         (Axis("capacity", ("1-person", "2-person", "3-person", "4-person"), (0, 0.2, 0.4, 0.6)),),
         ("Pitches in five minutes, even in the wind.", "Waterproof fly rated to 3000 mm.")),
    Leaf(("Sports & Outdoors", "Camping", "Sleeping Bags"), "SLB", ("Sleeping Bag", "Mummy Sleeping Bag"),
         ("Down", "Synthetic", "Ultralight", "Three-Season"), OUTDOOR_BRANDS, (399, 2499),
         (Axis("comfort", ("+10 °C", "+5 °C", "0 °C", "-5 °C"), (0, 0.15, 0.3, 0.5)),),
         ("Warm down fill in a compression sack.", "A full-length zip with anti-snag guard.")),
    Leaf(("Sports & Outdoors", "Fitness", "Yoga Mats"), "YGA", ("Yoga Mat", "Travel Yoga Mat", "Exercise Mat"),
         ("Non-Slip", "Natural Rubber", "Cork", "Eco"), OUTDOOR_BRANDS, (99, 599),
         (Axis("thickness", ("3 mm", "5 mm", "8 mm"), (0, 0.1, 0.25)), COLOURS),
         ("Non-slip grip, even in hot yoga.", "Cushions your knees without feeling spongy.")),
    Leaf(("Sports & Outdoors", "Fitness", "Dumbbells"), "DMB", ("Dumbbell", "Dumbbell Pair", "Kettlebell"),
         ("Hex", "Neoprene", "Cast Iron", "Adjustable"), OUTDOOR_BRANDS, (59, 899),
         (Axis("weight", ("2 kg", "4 kg", "6 kg", "8 kg", "10 kg", "12 kg"), (0, 0.5, 1.0, 1.5, 2.0, 2.5)),),
         ("A knurled handle for a secure grip.", "Rubber coating protects your floor.")),
)  # fmt: skip

COMMON_BLURBS = (
    "Free returns within 30 days.",
    "Designed to last, with a two-year warranty.",
    "Made in a certified fair-trade factory.",
    "Packed in recyclable, plastic-free packaging.",
    "Ships within two working days from our own warehouse.",
)


@dataclass(frozen=True)
class VariantSpec:
    sku: str
    attributes: dict[str, str]
    price: Decimal
    stock: int


@dataclass(frozen=True)
class ProductSpec:
    number: int
    leaf: Leaf
    title: str
    slug: str
    brand: str
    description: str
    variants: tuple[VariantSpec, ...] = field(default=())


@dataclass
class SeedCounts:
    """How many rows a seed run created and how many it found already there, per kind."""

    created: dict[str, int] = field(default_factory=dict)
    found: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, *, created: int = 0, found: int = 0) -> None:
        self.created[kind] = self.created.get(kind, 0) + created
        self.found[kind] = self.found.get(kind, 0) + found

    def merge(self, other: "SeedCounts") -> None:
        for kind in other.created.keys() | other.found.keys():
            self.add(kind, created=other.created.get(kind, 0), found=other.found.get(kind, 0))


def demo_product(number: int) -> ProductSpec:
    """The demo product number ``number`` (0-based): always the same title, slug, variants and prices."""
    rng = Random(f"{_SEED}:{number}")
    leaf = LEAVES[number % len(LEAVES)]
    brand = rng.choice(leaf.brands)
    feature = rng.choice(leaf.features)
    noun = rng.choice(leaf.nouns)
    title = f"{brand} {feature} {noun}"
    description = " ".join(
        (
            f"The {title}, from our {leaf.path[-1].lower()} range.",
            *rng.sample(leaf.blurbs, k=len(leaf.blurbs)),
            rng.choice(COMMON_BLURBS),
        )
    )
    base = Decimal(rng.randrange(leaf.price[0], leaf.price[1] + 1))
    variants = tuple(
        VariantSpec(
            sku=f"{leaf.code}-{number + 1:05d}-" + "-".join(_code(value) for _, value, _ in combo),
            attributes={name: value for name, value, _ in combo},
            price=_shop_price(base * Decimal(1 + sum(surcharge for _, _, surcharge in combo))),
            stock=0 if rng.random() < 0.12 else rng.randint(1, 150),
        )
        for combo in _variant_combos(leaf.axes, rng)
    )
    return ProductSpec(
        number=number,
        leaf=leaf,
        title=title,
        slug=f"{slugify(title)}-{number + 1}",
        brand=brand,
        description=description,
        variants=variants,
    )


def _variant_combos(axes: tuple[Axis, ...], rng: Random) -> list[tuple[tuple[str, str, float], ...]]:
    """One to six distinct attribute combinations, in a stable order (sizes small to large)."""
    choices = []
    for axis in axes:
        surcharges = axis.surcharges or (0.0,) * len(axis.values)
        options = list(zip(axis.values, surcharges, strict=True))
        width = rng.randint(1, min(len(options), 4))
        start = rng.randrange(len(options) - width + 1)
        picked = options[start : start + width]
        choices.append([(axis.name, value, surcharge) for value, surcharge in picked])
    combos = list(itertools.product(*choices))
    return sorted(rng.sample(combos, k=min(len(combos), rng.randint(1, 6))), key=combos.index)


def _code(value: str) -> str:
    """``"Sky Blue"`` -> ``SKYBLUE``, ``"-5 °C"`` -> ``M5C``: the attribute value as it reads on a SKU label."""
    sign = {"+": "P", "-": "M"}.get(value[:1], "")
    return sign + "".join(char for char in value.upper() if char.isalnum())


def _shop_price(amount: Decimal) -> Decimal:
    """Round to a shop-like price: whole yuan ending in 9, or .90 / .50 below 100."""
    if amount < 100:
        return (amount.quantize(Decimal("1")) - Decimal("0.10")).max(Decimal("9.90"))
    return Decimal(int(amount) // 10 * 10 + 9).quantize(Decimal("0.01"))


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def demo_categories_seed() -> tuple[dict[tuple[str, ...], Category], SeedCounts]:
    """Create the missing categories of the demo tree (three levels); idempotent, keyed on the slug."""
    counts = SeedCounts()
    nodes: dict[tuple[str, ...], Category] = {}
    for leaf in LEAVES:
        for depth in range(1, len(leaf.path) + 1):
            path = leaf.path[:depth]
            if path in nodes:
                continue
            siblings = sum(1 for known in nodes if len(known) == depth and known[:-1] == path[:-1])
            nodes[path], created = Category.objects.get_or_create(
                slug=slugify(" ".join(path)),
                defaults={"name": path[-1], "parent": nodes.get(path[:-1]), "position": siblings},
            )
            counts.add("categories", created=int(created), found=int(not created))
    return nodes, counts


def demo_catalog_seed(*, product_count: int = DEFAULT_PRODUCT_COUNT, batch_size: int = 1000) -> SeedCounts:
    """Create the demo products 0 .. ``product_count - 1`` and their variants that do not exist yet.

    Idempotent: rows are matched on product slug and variant SKU; existing rows are never changed.
    One transaction; inserts go through ``bulk_create`` in batches of ``batch_size``, so ten thousand
    products take seconds (PostgreSQL's trigger fills ``search_vector`` on insert).
    """
    with transaction.atomic():
        categories, counts = demo_categories_seed()
        specs = (demo_product(number) for number in range(product_count))
        for chunk in _chunks(specs, batch_size):
            counts.merge(_seed_products(chunk, categories, batch_size))
        # bulk_create sends no signal: the catalog reads must see the new rows.
        catalog_version_bump()
    return counts


def _seed_products(
    specs: list[ProductSpec], categories: dict[tuple[str, ...], Category], batch_size: int
) -> SeedCounts:
    counts = SeedCounts()
    slugs = [spec.slug for spec in specs]
    existing = set(Product.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    Product.objects.bulk_create(
        [
            Product(
                title=spec.title,
                slug=spec.slug,
                brand=spec.brand,
                description=spec.description,
                category=categories[spec.leaf.path],
            )
            for spec in specs
            if spec.slug not in existing
        ],
        batch_size=batch_size,
    )
    counts.add("products", created=len(specs) - len(existing), found=len(existing))

    product_ids = dict(Product.objects.filter(slug__in=slugs).values_list("slug", "id"))
    variant_specs = [(spec.slug, variant) for spec in specs for variant in spec.variants]
    skus = [variant.sku for _, variant in variant_specs]
    existing_skus = set(ProductVariant.objects.filter(sku__in=skus).values_list("sku", flat=True))
    new_variants = [
        ProductVariant(
            product_id=product_ids[slug],
            sku=variant.sku,
            attributes=variant.attributes,
            price=variant.price,
            stock=variant.stock,
        )
        for slug, variant in variant_specs
        if variant.sku not in existing_skus
    ]
    ProductVariant.objects.bulk_create(new_variants, batch_size=batch_size)
    counts.add("variants", created=len(new_variants), found=len(existing_skus))
    return counts


def demo_accounts_seed() -> SeedCounts:
    """Create the demo merchant (staff, superuser) and shopper with verified primary emails.

    Idempotent: an existing account keeps its password and flags; only a missing email address row is
    added, so a demo user who changed the password is not reset by a rerun.
    """
    counts = SeedCounts()
    accounts = (
        (MERCHANT_EMAIL, MERCHANT_PASSWORD, {"nickname": "PrivaShop", "is_staff": True, "is_superuser": True}),
        (SHOPPER_EMAIL, SHOPPER_PASSWORD, {"nickname": "Mei"}),
    )
    with transaction.atomic():
        for email, password, fields in accounts:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email=email, password=password, **fields)
                counts.add("accounts", created=1)
            else:
                counts.add("accounts", found=1)
            _, created = EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            counts.add("email addresses", created=int(created), found=int(not created))
    return counts


def demo_policy_seed() -> SeedCounts:
    """Publish the bundled first privacy policy if none is, and record the demo accounts' acceptance.

    The demo accounts stand for people who signed up, which requires accepting the policy in effect.
    Idempotent: publishing and accepting both do nothing the second time.
    """
    counts = SeedCounts()
    _, published = policy_version_publish_initial()
    counts.add("policy versions", created=int(published), found=int(not published))
    current = policy_version_current()
    if current is None:
        return counts
    for user in User.objects.filter(email__in=(MERCHANT_EMAIL, SHOPPER_EMAIL)):
        _, created = policy_accept(
            user=user, version=current.version, ip_address=None, user_agent="seed_demo", channel=Channel.SIGNUP
        )
        counts.add("policy acceptances", created=int(created), found=int(not created))
    return counts
