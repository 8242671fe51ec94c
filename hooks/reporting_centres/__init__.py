"""Hate Crime Reporting Centres: load, validate, derive and render a region's directory.

Data flows one way: ``load`` (YAML to typed records) -> ``validate`` -> ``derive``
-> ``render`` -> write. The MkDocs hooks in ``hooks/`` and the ``centres`` command
call the same stages.
"""
