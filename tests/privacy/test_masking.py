import pytest

from privacy.masking import (
    FULL_MASK,
    Mask,
    mask_address,
    mask_email,
    mask_full,
    mask_ip,
    mask_name,
    mask_phone,
    mask_value,
)

FULL_WIDTH_PHONE = "".join(chr(0xFF10 + int(digit)) for digit in "13812345678")


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("138-1234-5678", "138****5678"),
        ("+86 13812345678", "+86 138****5678"),
        ("+86 138-1234-5678", "+86 138****5678"),
        ("+8613812345678", "+86 138****5678"),
        ("008613812345678", "+86 138****5678"),
        ("+1 415-555-2671", "+1 ******2671"),
        ("+44 (20) 7946 0958", "+44 ******0958"),
        ("+14155552671", "+1 ******2671"),  # libphonenumber knows where the country code ends
        ("(010) 1234-5678", "010****5678"),
        ("12345678", "****5678"),
        ("1234567", "*****67"),
        ("12345", "***45"),
        ("1234", "****"),
        ("110", "***"),
        ("not a phone", FULL_MASK),
        (FULL_WIDTH_PHONE, FULL_MASK),  # not parsed, so hidden whole
    ],
)
def test_mask_phone(phone, expected):
    # when
    masked = mask_phone(phone)

    # then
    assert masked == expected


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("alice@example.com", "a***@example.com"),
        ("Bob.Smith+shop@mail.example.org", "B***@mail.example.org"),
        ("王小明@例子.中国", "王***@例子.中国"),
        ("a@example.com", "***@example.com"),
        ('"odd@local"@example.com', '"***@example.com'),
        ("  carol@example.com  ", "c***@example.com"),
        ("no-at-sign", FULL_MASK),
        ("@example.com", FULL_MASK),
        ("alice@", FULL_MASK),
    ],
)
def test_mask_email(email, expected):
    assert mask_email(email) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("王小明", "王*"),
        ("Alice Smith", "A*"),
        ("  Ada  ", "A*"),
        ("李", "李*"),
        ("E\u0301milie", "\u00c9*"),  # a decomposed É is kept whole, not split from its accent
        ("   ", FULL_MASK),
    ],
)
def test_mask_name(name, expected):
    assert mask_name(name) == expected


@pytest.mark.parametrize(
    ("ip", "expected"),
    [
        ("192.168.1.23", "192.168.1.0"),
        ("8.8.8.8", "8.8.8.0"),
        ("2001:db8:85a3:1234:0:8a2e:370:7334", "2001:db8:85a3::"),
        ("::1", "::"),
        ("not-an-ip", FULL_MASK),
        ("999.1.1.1", FULL_MASK),
    ],
)
def test_mask_ip(ip, expected):
    assert mask_ip(ip) == expected


def test_mask_address_keeps_the_district_and_hides_the_rest():
    # given
    address = {
        "region": "浙江省",
        "city": "杭州市",
        "district": "西湖区",
        "street": "文三路 90 号 3 幢 501",
        "postal_code": "310012",
        "recipient": "王小明",
    }

    # when
    masked = mask_address(address)

    # then
    assert masked == {
        "region": "浙江省",
        "city": "杭州市",
        "district": "西湖区",
        "street": FULL_MASK,
        "postal_code": FULL_MASK,
        "recipient": FULL_MASK,
    }
    assert address["street"] == "文三路 90 号 3 幢 501"


def test_mask_address_keeps_empty_parts_empty_and_masks_free_text_whole():
    assert mask_address({"city": "Berlin", "street": ""}) == {"city": "Berlin", "street": ""}
    assert mask_address({"street": None}) == {"street": None}
    assert mask_address("Wensan Road 90, Hangzhou") == FULL_MASK


@pytest.mark.parametrize("value", ["x", "a much longer secret value", 12345, b"bytes"])
def test_mask_full_hides_the_value_and_its_length(value):
    assert mask_full(value) == FULL_MASK


@pytest.mark.parametrize("mask", list(Mask))
@pytest.mark.parametrize("empty", [None, ""])
def test_every_mask_leaves_none_and_empty_as_they_are(mask, empty):
    assert mask_value(mask, empty) == empty


def test_mask_address_of_an_empty_mapping_is_that_mapping():
    assert mask_value(Mask.ADDRESS, {}) == {}


@pytest.mark.parametrize(
    ("mask", "value", "expected"),
    [
        (Mask.NONE, "alice@example.com", "alice@example.com"),
        (Mask.NONE, 42, 42),
        (Mask.EMAIL, "alice@example.com", "a***@example.com"),
        (Mask.PHONE, "13812345678", "138****5678"),
        (Mask.PHONE, 13812345678, "138****5678"),
        (Mask.NAME, "王小明", "王*"),
        (Mask.ADDRESS, {"city": "杭州市", "street": "文三路"}, {"city": "杭州市", "street": FULL_MASK}),
        (Mask.FULL, "anything", FULL_MASK),
        (Mask.IP, "10.1.2.3", "10.1.2.0"),
        ("email", "bob@example.com", "b***@example.com"),
    ],
)
def test_mask_value_dispatches_on_the_mask(mask, value, expected):
    assert mask_value(mask, value) == expected


def test_mask_value_refuses_an_unknown_mask():
    with pytest.raises(ValueError, match="shout"):
        mask_value("shout", "alice@example.com")
