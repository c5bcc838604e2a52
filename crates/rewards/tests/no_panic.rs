//! Random strings and random JSON never make the reward panic, and the format is on the ladder.

mod common;

use proptest::prelude::*;
use relayout_rewards::{Weights, score};

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        prop_oneof![
            Just("bed-0".to_string()),
            Just("desk-0".to_string()),
            Just("wardrobe-0".to_string()),
            ".{0,8}"
        ]
        .prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
            prop::collection::btree_map(
                prop_oneof![
                    Just("id".to_string()),
                    Just("x".to_string()),
                    Just("y".to_string()),
                    Just("z".to_string()),
                    Just("rz".to_string()),
                    "[a-z]{1,3}"
                ],
                inner,
                0..6
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Items with any floats, written the way a model might (`NaN`, `inf`, `1e300`).
fn item_text() -> impl Strategy<Value = String> {
    (
        prop_oneof![Just("bed-0"), Just("desk-0"), Just("wardrobe-0"), Just("x")],
        prop::array::uniform4(any::<f64>()),
    )
        .prop_map(|(id, [x, y, z, rz])| {
            format!("{{\"id\":\"{id}\",\"x\":{x},\"y\":{y},\"z\":{z},\"rz\":{rz}}}")
        })
}

fn on_ladder(f: f64) -> bool {
    [0.0, 0.1, 0.5, 1.0].contains(&f)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_strings_never_panic(s in ".{0,200}", wrap in any::<bool>()) {
        let text = if wrap { format!("<think>t</think><answer>{s}</answer>") } else { s };
        let b = score(&common::bedroom(), &text, &Weights::default());
        prop_assert!(on_ladder(b.format));
        prop_assert!(b.total.is_finite());
    }

    #[test]
    fn random_json_never_panics(v in json_value()) {
        let b = score(&common::bedroom(), &v.to_string(), &Weights::default());
        prop_assert!(on_ladder(b.format));
        prop_assert!((0.0..=1.0).contains(&b.physics));
    }

    #[test]
    fn random_items_never_panic(items in prop::collection::vec(item_text(), 0..5)) {
        let text = format!("[{}]", items.join(","));
        let b = score(&common::bedroom(), &text, &Weights::default());
        prop_assert!(on_ladder(b.format));
        prop_assert!((0.0..=1.0).contains(&b.physics));
        prop_assert!(b.total.is_finite() && b.total >= 0.0);
    }
}
