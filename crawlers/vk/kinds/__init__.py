"""One module per source kind: wall, comments, search. Each is ``crawl(run) -> Iterator[Batch]``."""
