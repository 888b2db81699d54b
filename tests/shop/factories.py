from decimal import Decimal

import factory

from shop.models import Cart, CartItem, Category, HistoryEntry, HistoryKind, Product, ProductImage, ProductVariant


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    title = factory.Sequence(lambda n: f"Product {n}")
    slug = factory.Sequence(lambda n: f"product-{n}")
    description = "A plain, well-made product."
    brand = "Acme"
    category = factory.SubFactory(CategoryFactory)
    is_active = True


class ProductVariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductVariant

    product = factory.SubFactory(ProductFactory)
    sku = factory.Sequence(lambda n: f"SKU-{n:06d}")
    attributes = factory.LazyFunction(lambda: {"size": "M", "colour": "blue"})
    price = Decimal("19.90")
    stock = 10


class ProductImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductImage

    product = factory.SubFactory(ProductFactory)
    image = factory.django.ImageField(width=8, height=8, format="PNG", filename="photo.png")
    alt_text = factory.Sequence(lambda n: f"Photo {n}")
    position = factory.Sequence(lambda n: n)


class CartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cart


class CartItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CartItem

    cart = factory.SubFactory(CartFactory)
    variant = factory.SubFactory(ProductVariantFactory)
    quantity = 1


class HistoryEntryFactory(factory.django.DjangoModelFactory):
    """A product view by default; ``kind=HistoryKind.SEARCH, query="..."`` for a search."""

    class Meta:
        model = HistoryEntry

    kind = HistoryKind.VIEW
    product = factory.SubFactory(ProductFactory)
