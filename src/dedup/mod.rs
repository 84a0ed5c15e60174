//! Near-duplicate documents: LSH candidates, exact verification, clusters, keep policy.
