//! The editor's modules form a DAG: no module reaches, through `crate::` paths, a module that
//! reaches it back. Shared types live in leaf modules (document, edit, schedule, messages,
//! camera_state, run_state, status, coords), as Bevy does, so every feature stands alone.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module name → the modules its source names with `crate::`.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut visit = |path: &Path, module: &str| {
        let text = std::fs::read_to_string(path).unwrap();
        let deps = g.entry(module.to_string()).or_default();
        for (i, _) in text.match_indices("crate::") {
            let name: String = text[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !name.is_empty() && name != module {
                deps.insert(name);
            }
        }
    };
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let module = path.file_name().unwrap().to_string_lossy().into_owned();
            for f in std::fs::read_dir(&path).unwrap() {
                visit(&f.unwrap().path(), &module);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            let module = path.file_stem().unwrap().to_string_lossy().into_owned();
            if module != "lib" {
                visit(&path, &module);
            }
        }
    }
    g
}

/// A cycle through `start`, if any (depth-first search).
fn cycle_from(g: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    fn walk(
        g: &BTreeMap<String, BTreeSet<String>>,
        at: &str,
        start: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in g.get(at).into_iter().flatten() {
            if next == start {
                path.push(next.clone());
                return true;
            }
            if g.contains_key(next) && seen.insert(next.clone()) {
                path.push(next.clone());
                if walk(g, next, start, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![start.to_string()];
    walk(g, start, start, &mut path, &mut BTreeSet::new()).then_some(path)
}

#[test]
fn the_editors_modules_have_no_import_loop() {
    let g = graph();
    assert!(g.len() > 20, "read the modules: {:?}", g.keys());
    for module in g.keys() {
        if let Some(cycle) = cycle_from(&g, module) {
            panic!("import loop: {}", cycle.join(" → "));
        }
    }
}

#[test]
fn the_shared_leaves_depend_on_no_feature() {
    let g = graph();
    for leaf in [
        "document",
        "schedule",
        "messages",
        "camera_state",
        "run_state",
        "status",
        "coords",
    ] {
        let deps = &g[leaf];
        assert!(deps.is_empty(), "{leaf} depends on {deps:?}");
    }
}

#[test]
fn the_check_finds_a_loop_when_there_is_one() {
    let mut g = BTreeMap::new();
    g.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    g.insert("b".to_string(), BTreeSet::from(["c".to_string()]));
    g.insert("c".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(cycle_from(&g, "a").unwrap(), ["a", "b", "c", "a"]);
    g.get_mut("c").unwrap().clear();
    assert!(cycle_from(&g, "a").is_none());
}
