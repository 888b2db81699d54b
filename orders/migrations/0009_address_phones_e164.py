"""Address-book phones move to E.164 (``core.phone_numbers``), and their keyed hashes with them.

Numbers were stored as typed digits (``13812345678``) and hashed that way; they are now stored and hashed as
``+8613812345678``, so a hash made before would no longer match a search. Numbers libphonenumber cannot read
keep their value and get the hash of its digits, as before. Orders keep the snapshot they were placed with.
"""

from django.db import migrations

BATCH_SIZE = 500


def addresses_to_e164(apps, schema_editor):
    from core.phone_numbers import phone_normalise
    from privacy.hashing import keyed_hash, normalise_phone

    Address = apps.get_model("orders", "Address")
    changed = []
    for address in Address.objects.only("pk", "phone", "phone_hash").iterator(chunk_size=BATCH_SIZE):
        phone = phone_normalise(address.phone) if address.phone else address.phone
        phone_hash = keyed_hash(phone, normalise=normalise_phone) if phone else address.phone_hash
        if (phone, phone_hash) != (address.phone, address.phone_hash):
            address.phone, address.phone_hash = phone, phone_hash
            changed.append(address)
        if len(changed) >= BATCH_SIZE:
            Address.objects.bulk_update(changed, ["phone", "phone_hash"])
            changed = []
    if changed:
        Address.objects.bulk_update(changed, ["phone", "phone_hash"])


class Migration(migrations.Migration):
    dependencies = [("orders", "0008_orderevent_labelled_choices")]

    operations = [migrations.RunPython(addresses_to_e164, migrations.RunPython.noop, elidable=True)]
