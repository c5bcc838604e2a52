//! Reading an id the way the model meant it: a case slip (`Bed-0`), a separator slip (`bed_0`),
//! a dropped or extra suffix (`bed`, `bed-0-1`), a typo of a letter or two (`nighstand-0`). Only
//! when exactly one known id fits; otherwise the id is left for the checks to report.

/// The ids an answer may use.
pub struct Ids<'a> {
    known: Vec<&'a str>,
}

/// Lower case, letters and digits only.
fn bare(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Edit distance, stopping early past `limit`.
fn distance(a: &str, b: &str, limit: usize) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut row = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            row[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(row[j] + 1);
        }
        if row.iter().min().copied().unwrap_or(0) > limit {
            return limit + 1;
        }
        prev = row;
    }
    prev[b.len()]
}

impl<'a> Ids<'a> {
    /// Over these ids.
    pub fn new(known: impl IntoIterator<Item = &'a str>) -> Self {
        Ids {
            known: known.into_iter().collect(),
        }
    }

    /// Whether `id` is known as written.
    pub fn contains(&self, id: &str) -> bool {
        self.known.contains(&id)
    }

    /// The one known id `id` stands for, when it is not known as written and exactly one fits.
    pub fn correct(&self, id: &str) -> Option<&'a str> {
        if self.contains(id) {
            return None;
        }
        let unique = |hits: Vec<&'a str>| (hits.len() == 1).then(|| hits[0]);
        let b = bare(id);
        if b.is_empty() {
            return None;
        }
        // Case or separators.
        if let Some(k) = unique(
            self.known
                .iter()
                .copied()
                .filter(|k| bare(k) == b)
                .collect(),
        ) {
            return Some(k);
        }
        // A suffix dropped (`bed` for the only `bed-…`) or added (`bed-0-1`, `bed-0 (queen)`).
        let longer: Vec<&str> = self
            .known
            .iter()
            .copied()
            .filter(|k| bare(k).starts_with(&b))
            .collect();
        if let Some(k) = unique(longer) {
            return Some(k);
        }
        let shorter: Vec<&str> = self
            .known
            .iter()
            .copied()
            .filter(|k| {
                let kb = bare(k);
                kb.len() >= 3 && b.starts_with(&kb)
            })
            .collect();
        // The longest fitting prefix, when it is the only one of its length.
        if let Some(max) = shorter.iter().map(|k| bare(k).len()).max() {
            let best: Vec<&str> = shorter
                .iter()
                .copied()
                .filter(|k| bare(k).len() == max)
                .collect();
            if let Some(k) = unique(best) {
                return Some(k);
            }
        }
        // A typo: the nearest by one or two letters (one for short ids), when it is unique.
        let limit = if b.len() >= 6 { 2 } else { 1 };
        let scored: Vec<(usize, &str)> = self
            .known
            .iter()
            .map(|k| (distance(&bare(k), &b, limit), *k))
            .filter(|(d, _)| *d <= limit)
            .collect();
        let best = scored.iter().map(|(d, _)| *d).min()?;
        unique(
            scored
                .iter()
                .filter(|(d, _)| *d == best)
                .map(|(_, k)| *k)
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slips_with_one_reading_are_corrected_and_ambiguous_ones_are_not() {
        let ids = Ids::new([
            "bed-0",
            "nightstand-0",
            "nightstand-1",
            "wardrobe-0",
            "desk-chair-0",
        ]);
        assert_eq!(ids.correct("bed-0"), None);
        assert_eq!(ids.correct("Bed-0"), Some("bed-0"));
        assert_eq!(ids.correct("bed_0"), Some("bed-0"));
        assert_eq!(ids.correct("bed"), Some("bed-0"));
        assert_eq!(ids.correct("wardrobe-0-1"), Some("wardrobe-0"));
        assert_eq!(ids.correct("nighstand-1"), Some("nightstand-1"));
        assert_eq!(ids.correct("desk chair"), Some("desk-chair-0"));
        // Two nightstands: `nightstand` alone could be either.
        assert_eq!(ids.correct("nightstand"), None);
        assert_eq!(ids.correct("sofa-0"), None);
        assert_eq!(ids.correct(""), None);
        assert_eq!(ids.correct("---"), None);
    }
}
