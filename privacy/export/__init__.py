"""The data export (promise D2): the registry-driven document builder and the export's refusals.

``privacy.export.builder`` turns the personal-data registry into one JSON document per user;
``privacy.services.export`` runs the jobs that store it, ``privacy.selectors.export`` reads them.
"""
