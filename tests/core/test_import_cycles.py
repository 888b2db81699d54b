"""No app imports another that imports it back (CONVENTIONS.md, "Dependencies point one way"): the import graph
between the project's apps and privacy's sub-apps, built from the source, has no cycle. Deferred imports
inside functions count: they hide a dependency, they do not remove it."""

from tests.core.import_graph import app_graph, cycle_edges, cycles, local_apps


def test_the_graph_covers_the_apps_and_privacys_sub_apps():
    # given
    graph = app_graph(local_apps())

    # then
    assert {"core", "accounts", "shop", "orders", "privacy", "privacy.cancellation", "demo", "config"} <= set(graph)
    assert "privacy" in graph["privacy.cancellation"]


def test_there_is_no_import_cycle_between_apps():
    # given
    graph = app_graph(local_apps())

    # when
    found = {" <-> ".join(component): cycle_edges(graph, component) for component in cycles(graph)}

    # then
    assert found == {}


def test_the_privacy_engine_imports_no_other_app_and_none_of_its_sub_apps():
    # given
    graph = app_graph(local_apps())

    # then
    assert graph["privacy"] <= {"core"}
