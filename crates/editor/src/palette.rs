//! Colours for objects by category, so that a render reads at a glance (beds blue, tables wood…)
//! and the same category always gets the same colour.

use bevy::prelude::*;

/// The body colour of an object of this category.
pub fn category_color(category: &str) -> Color {
    let c = category.to_ascii_lowercase();
    let named = [
        ("bed", (0.36, 0.47, 0.78)),
        ("nightstand", (0.62, 0.45, 0.30)),
        ("wardrobe", (0.55, 0.40, 0.28)),
        ("dresser", (0.60, 0.44, 0.30)),
        ("sideboard", (0.58, 0.42, 0.29)),
        ("desk", (0.70, 0.55, 0.36)),
        ("table", (0.72, 0.56, 0.36)),
        ("chair", (0.85, 0.55, 0.25)),
        ("stool", (0.85, 0.60, 0.30)),
        ("sofa", (0.45, 0.62, 0.50)),
        ("armchair", (0.50, 0.66, 0.54)),
        ("tv", (0.15, 0.15, 0.18)),
        ("lamp", (0.95, 0.85, 0.45)),
        ("plant", (0.30, 0.65, 0.30)),
        ("shelf", (0.64, 0.50, 0.34)),
        ("bookshelf", (0.64, 0.50, 0.34)),
        ("rug", (0.75, 0.35, 0.35)),
        ("counter", (0.80, 0.80, 0.78)),
        ("fridge", (0.88, 0.88, 0.90)),
        ("whiteboard", (0.95, 0.95, 0.95)),
        ("mirror", (0.75, 0.85, 0.90)),
    ];
    // The longest matching name wins: "side_table" is a table, "office_chair" a chair.
    if let Some((_, (r, g, b))) = named
        .iter()
        .filter(|(n, _)| c.contains(n))
        .max_by_key(|(n, _)| n.len())
    {
        return Color::srgb(*r, *g, *b);
    }
    // Unknown categories: a stable hue from the name.
    let h = c
        .bytes()
        .fold(2166136261u32, |h, b| (h ^ b as u32).wrapping_mul(16777619));
    Color::hsl((h % 360) as f32, 0.45, 0.55)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_map_to_stable_distinct_colours() {
        assert_eq!(category_color("office_chair"), category_color("chair"));
        assert_ne!(category_color("bed"), category_color("sofa"));
        assert_eq!(category_color("zeppelin"), category_color("zeppelin"));
    }
}
