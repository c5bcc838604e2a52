//! Which items of the file become prompts: all of them, or `count` drawn without repetition from
//! the seed and kept in file order.

use super::error::DatasetError;

/// Indices into a file of `len` items, ascending.
pub(super) fn select(
    len: usize,
    count: Option<usize>,
    seed: u64,
) -> Result<Vec<usize>, DatasetError> {
    let Some(n) = count else {
        return Ok((0..len).collect());
    };
    if n > len {
        return Err(DatasetError::Count {
            requested: n,
            available: len,
        });
    }
    // A partial Fisher–Yates shuffle: the first n slots are a uniform draw without repetition.
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut indices: Vec<usize> = (0..len).collect();
    for i in 0..n {
        let j = rng.usize(i..len);
        indices.swap(i, j);
    }
    indices.truncate(n);
    indices.sort_unstable();
    Ok(indices)
}
