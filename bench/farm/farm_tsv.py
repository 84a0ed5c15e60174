"""The farm's tab-separated tables (farm-table.tsv, farm-applied.tsv, a learned table), read
the same way by every farm script: comment and blank lines skipped, fields split on tabs."""


def rows(path):
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        yield line.rstrip("\n").split("\t")
