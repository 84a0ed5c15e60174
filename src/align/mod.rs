//! Shared passages between documents, aligned with byte offsets.
