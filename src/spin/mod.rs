//! Spin detection and restoration (being built).
