"""``docs/privacy-promises.md`` lists every promise; each one it calls kept is proved by tests marked for it."""

from tests.privacy.promises_doc import DOCUMENT, PROMISE_IDS, marked_tests, parse_document, problems

ROW_WITHOUT_TESTS = """
## Kept

| id | promise | where the code keeps it | tests |
|---|---|---|---|
| F2 | Displayed personal information is desensitised | the admin | `tests/privacy/test_masking.py::test_nothing` |

## Not yet kept

| id | promise | what is missing |
|---|---|---|
| A5 | Location | a test |
"""


def test_every_kept_promise_is_proved_by_the_tests_its_row_names_and_every_promise_has_a_row():
    # given
    document = parse_document(DOCUMENT.read_text())

    # when
    found = problems(document, marked_tests())

    # then
    assert found == []
    assert set(document.kept) | document.gaps == PROMISE_IDS


def test_a_kept_promise_without_a_marked_test_fails_the_check():
    # given a kept row whose named test does not carry the marker
    document = parse_document(ROW_WITHOUT_TESTS)

    # when
    found = problems(document, {"A5": {"tests/shop/test_x.py::test_y"}})

    # then
    assert "F2 is in the kept table but no test is marked promise('F2')" in found
    assert "F2: tests/privacy/test_masking.py::test_nothing is named but not marked for it" in found
    assert "A5 is a known gap: move its row to the kept table (tests/shop/test_x.py::test_y)" in found
    assert "B1 is in neither table" in found


def test_the_readme_links_the_document():
    # given
    readme = (DOCUMENT.parents[1] / "README.md").read_text()

    # then
    assert "(docs/privacy-promises.md)" in readme
