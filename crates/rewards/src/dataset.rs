//! The dataset builder (being written).
