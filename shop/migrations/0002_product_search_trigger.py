"""PostgreSQL full-text search: a trigger keeps ``search_vector`` current and a GIN index serves it.

Both exist only on PostgreSQL; on SQLite the column stays empty and search falls back to ``icontains``.
"""

from django.db import migrations

FORWARD = """
CREATE INDEX IF NOT EXISTS shop_product_search_vector_gin ON shop_product USING gin (search_vector);
CREATE OR REPLACE FUNCTION shop_product_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('pg_catalog.english', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('pg_catalog.english', coalesce(NEW.brand, '')), 'B') ||
        setweight(to_tsvector('pg_catalog.english', coalesce(NEW.description, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS shop_product_search_vector_trigger ON shop_product;
CREATE TRIGGER shop_product_search_vector_trigger
    BEFORE INSERT OR UPDATE OF title, brand, description ON shop_product
    FOR EACH ROW EXECUTE FUNCTION shop_product_search_vector_update();
UPDATE shop_product SET title = title;
"""

BACKWARD = """
DROP TRIGGER IF EXISTS shop_product_search_vector_trigger ON shop_product;
DROP FUNCTION IF EXISTS shop_product_search_vector_update();
DROP INDEX IF EXISTS shop_product_search_vector_gin;
"""


def _on_postgres(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [migrations.RunPython(_on_postgres(FORWARD), _on_postgres(BACKWARD))]
