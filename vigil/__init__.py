"""vigil: the static site generator of the coalition for Russia's political prisoners.

The pipeline, one module a stage: source (read files) -> schema (validate) ->
data / content (build the model) -> check (cross-record rules) -> custody (day
counts) -> site (pages and URLs) -> render (Jinja) -> write (atomic output).
"""
