//! The furniture facts the builder needs from `assets/furniture/catalog.json`, embedded so that
//! the crate reads no file at run time. A test checks them against the catalog file.

/// One built-in model: its catalog id, category, display name and size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CatalogEntry {
    /// Catalog id, e.g. `bed_queen`; the asset is `builtin:<id>`.
    pub id: &'static str,
    /// Object category, e.g. `bed`.
    pub category: &'static str,
    /// Short display name, e.g. `Queen bed`.
    pub name: &'static str,
    /// `[width, depth, height]`, metres.
    pub size_m: [f64; 3],
}

impl CatalogEntry {
    /// Floor area the footprint covers, m².
    pub fn footprint_m2(&self) -> f64 {
        self.size_m[0] * self.size_m[1]
    }
}

const fn entry(
    id: &'static str,
    category: &'static str,
    name: &'static str,
    size_m: [f64; 3],
) -> CatalogEntry {
    CatalogEntry {
        id,
        category,
        name,
        size_m,
    }
}

/// Every entry of the built-in catalog the dataset builder may use.
pub const CATALOG: &[CatalogEntry] = &[
    entry("bed_single", "bed", "Single bed", [0.97, 2.11, 1.0]),
    entry("bed_double", "bed", "Double bed", [1.47, 2.11, 1.0]),
    entry("bed_queen", "bed", "Queen bed", [1.67, 2.21, 1.0]),
    entry("nightstand", "nightstand", "Nightstand", [0.47, 0.44, 0.55]),
    entry("wardrobe", "wardrobe", "Wardrobe", [1.02, 0.625, 2.0]),
    entry("dresser", "dresser", "Dresser", [1.23, 0.543, 0.8]),
    entry("sofa_2seat", "sofa", "Two-seat sofa", [1.6, 0.9, 0.9403]),
    entry("sofa_3seat", "sofa", "Three-seat sofa", [2.2, 0.9, 0.9403]),
    entry(
        "sofa_sectional",
        "sofa",
        "Sectional sofa",
        [2.8, 1.6, 0.9403],
    ),
    entry("armchair", "armchair", "Armchair", [0.85, 0.9, 0.9403]),
    entry(
        "coffee_table",
        "coffee_table",
        "Coffee table",
        [1.1, 0.6, 0.42],
    ),
    entry("side_table", "side_table", "Side table", [0.5, 0.5, 0.55]),
    entry("tv_stand", "tv_stand", "TV stand", [1.6, 0.43, 0.5]),
    entry("tv_wall", "tv", "Wall TV", [1.23, 0.06, 0.72]),
    entry("floor_lamp", "floor_lamp", "Floor lamp", [0.44, 0.44, 1.62]),
    entry("table_lamp", "table_lamp", "Table lamp", [0.3, 0.3, 0.48]),
    entry("potted_plant", "plant", "Potted plant", [0.61, 0.54, 1.22]),
    entry("rug", "rug", "Rug", [2.0, 1.4, 0.011]),
    entry(
        "dining_table_rect",
        "dining_table",
        "Rectangular dining table",
        [1.6, 0.9, 0.75],
    ),
    entry(
        "dining_table_round",
        "dining_table",
        "Round dining table",
        [1.1, 1.1, 0.75],
    ),
    entry(
        "dining_chair",
        "dining_chair",
        "Dining chair",
        [0.45, 0.52, 0.9],
    ),
    entry("bar_stool", "stool", "Bar stool", [0.38, 0.38, 0.75]),
    entry("desk", "desk", "Desk", [1.4, 0.7, 0.75]),
    entry(
        "office_chair",
        "office_chair",
        "Office chair",
        [0.635, 0.6641, 1.1173],
    ),
    entry("bookshelf", "bookshelf", "Bookshelf", [0.8, 0.3, 1.8]),
    entry(
        "classroom_desk",
        "classroom_desk",
        "Classroom desk",
        [0.7, 0.5, 0.76],
    ),
    entry("whiteboard", "whiteboard", "Whiteboard", [1.8, 0.07, 1.2]),
    entry(
        "kitchen_counter",
        "kitchen_counter",
        "Kitchen counter",
        [1.8, 0.625, 0.903],
    ),
    entry("fridge", "fridge", "Fridge", [0.7, 0.7, 1.8]),
    entry("stove", "stove", "Stove", [0.6, 0.645, 0.872]),
    entry("bathtub", "bathtub", "Bathtub", [1.7, 0.75, 0.63]),
    entry("toilet", "toilet", "Toilet", [0.38, 0.7039, 0.79]),
    entry("washbasin", "washbasin", "Washbasin", [0.6, 0.45, 0.92]),
    entry("piano", "piano", "Upright piano", [1.54, 0.63, 1.25]),
    entry("piano_bench", "bench", "Piano bench", [0.76, 0.36, 0.48]),
    entry(
        "music_stand",
        "music_stand",
        "Music stand",
        [0.5, 0.405, 1.216],
    ),
];

/// The entry with this catalog id.
pub fn catalog_entry(id: &str) -> Option<&'static CatalogEntry> {
    CATALOG.iter().find(|e| e.id == id)
}
