//! Finite-difference checks of every loss term's gradient, through the mixed pose
//! representation (unit pose ⊕ member pose).

use relayout_core::scene::parse_scene;
use relayout_core::solver::{Problem, Weights};

/// An L-shaped room with a door, two units and one free object per relation under test.
fn scene_with(relations: &str) -> String {
    format!(
        r#"{{
      "schema": "relayout.scene/1",
      "room": {{ "width": 6.0, "depth": 5.0, "height": 2.7,
                "polygon": [[0,0],[6,0],[6,3],[3,3],[3,5],[0,5]],
                "openings": [ {{ "kind": "door", "wall": "w0", "offset": 1.0, "width": 0.9 }} ] }},
      "objects": [
        {{ "id": "table", "category": "table", "size": [1.4, 0.9, 0.75] }},
        {{ "id": "chair-0", "category": "chair", "size": [0.45, 0.5, 0.9] }},
        {{ "id": "chair-1", "category": "chair", "size": [0.45, 0.5, 0.9] }},
        {{ "id": "desk", "category": "desk", "size": [1.2, 0.6, 0.75] }},
        {{ "id": "lamp", "category": "lamp", "size": [0.3, 0.3, 0.5], "support": "object" }},
        {{ "id": "sofa", "category": "sofa", "size": [2.0, 0.9, 0.8] }},
        {{ "id": "tv", "category": "tv", "size": [1.2, 0.1, 0.7], "support": "wall" }}
      ],
      "units": [
        {{ "id": "dining", "anchor": "table", "members": ["chair-0", "chair-1"] }},
        {{ "id": "work", "anchor": "desk", "members": ["lamp"] }}
      ],
      "relations": [ {relations} ]
    }}"#
    )
}

const RELATIONS: &[&str] = &[
    r#"{"type":"against_wall","source":"sofa","wall":"w5"}"#,
    r#"{"type":"against_wall","source":"dining","wall":"w0"}"#,
    r#"{"type":"corner","source":"work","corner":"c3","wall":"w3"}"#,
    r#"{"type":"position","source":"sofa","x":1.5,"y":2.0}"#,
    r#"{"type":"on_wall","source":"tv","wall":"w1","height":1.2}"#,
    r#"{"type":"left_of","source":"chair-0","target":"table","clearance":0.1,"align":"back"}"#,
    r#"{"type":"right_of","source":"chair-1","target":"table","clearance":0.1,"align":0.3}"#,
    r#"{"type":"in_front_of","source":"sofa","target":"dining","clearance":0.5,"align":"left"}"#,
    r#"{"type":"behind","source":"work","target":"sofa","clearance":0.2,"align":"right"}"#,
    r#"{"type":"around","sources":["chair-0","chair-1"],"target":"table","distance":0.1,"sweep":180}"#,
    r#"{"type":"facing","source":"sofa","target":"tv","mode":"ortho","mutual":true}"#,
    r#"{"type":"facing","source":"chair-0","target":"dining","mode":"radial"}"#,
    r#"{"type":"facing","source":"desk","wall":"w2"}"#,
    r#"{"type":"align","source":"chair-1","target":"sofa","angle":90}"#,
    r#"{"type":"distance","source":"sofa","target":"table","min":0.8,"max":1.2}"#,
    r#"{"type":"on_top_of","source":"lamp","target":"desk"}"#,
    r#"{"type":"clear_front","source":"sofa","depth":1.5}"#,
    r#"{"type":"keep_clear","area":[0.5,0.5,3.5,2.5]}"#,
    r#"{"type":"against_wall","source":"desk","wall":"w1","origin":"planner"}"#,
];

fn check(problem: &Problem, w: &Weights, x: &[f64], what: &str) -> f64 {
    let mut g = vec![0.0; x.len()];
    let f0 = problem.eval(x, w, &mut g).total();
    let mut scratch = vec![0.0; x.len()];
    let h = 1e-6;
    for k in 0..x.len() {
        let (mut xp, mut xm) = (x.to_vec(), x.to_vec());
        xp[k] += h;
        xm[k] -= h;
        let fd = (problem.eval(&xp, w, &mut scratch).total()
            - problem.eval(&xm, w, &mut scratch).total())
            / (2.0 * h);
        let tol = 1e-5 * (1.0 + fd.abs().max(g[k].abs()));
        assert!(
            (fd - g[k]).abs() < tol,
            "{what}: ∂/∂x[{k}] analytic {} vs finite difference {fd} (loss {f0})",
            g[k]
        );
    }
    f0
}

fn random_params(problem: &Problem, rng: &mut fastrand::Rng) -> Vec<f64> {
    // Members within a metre or two of their anchor, everything else anywhere in the bounds,
    // so that the penalties are active rather than zero.
    (0..problem.n_params)
        .map(|k| {
            if k % 3 == 2 {
                rng.f64() * 6.4 - 3.2
            } else {
                rng.f64() * 5.0
            }
        })
        .collect()
}

#[test]
fn each_relation_gradient_matches_finite_differences() {
    let only_relations = Weights {
        relation: 1.0,
        collision: 0.0,
        boundary: 0.0,
        door: 0.0,
        prior: 0.0,
    };
    let mut rng = fastrand::Rng::with_seed(11);
    for rel in RELATIONS {
        let scene = parse_scene(&scene_with(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let problem = Problem::new(&scene);
        let mut active = 0;
        for _ in 0..6 {
            let x = random_params(&problem, &mut rng);
            if check(&problem, &only_relations, &x, rel) > 1e-9 {
                active += 1;
            }
        }
        assert!(
            active > 0,
            "{rel}: the penalty was never active, so its gradient went unchecked"
        );
    }
}

/// All relations at once, the designer's weighing more than the planner's one.
#[test]
fn weighted_relations_together_match_finite_differences() {
    let only_relations = Weights {
        relation: 1.0,
        collision: 0.0,
        boundary: 0.0,
        door: 0.0,
        prior: 0.0,
    };
    let scene = parse_scene(&scene_with(&RELATIONS.join(","))).unwrap();
    let problem = Problem::new(&scene);
    let weights: Vec<f64> = problem.terms.iter().map(|t| t.weight).collect();
    assert!(
        weights.contains(&1.0) && weights.contains(&5.0),
        "{weights:?}"
    );
    let mut rng = fastrand::Rng::with_seed(23);
    for _ in 0..3 {
        let x = random_params(&problem, &mut rng);
        assert!(check(&problem, &only_relations, &x, "all relations") > 1e-9);
    }
}

#[test]
fn physics_gradients_match_finite_differences() {
    let scene = parse_scene(&scene_with(&RELATIONS.join(","))).unwrap();
    let problem = Problem::new(&scene);
    let mut rng = fastrand::Rng::with_seed(5);
    let terms: [(&str, Weights); 4] = [
        (
            "collision",
            Weights {
                relation: 0.0,
                collision: 1.0,
                boundary: 0.0,
                door: 0.0,
                prior: 0.0,
            },
        ),
        (
            "boundary",
            Weights {
                relation: 0.0,
                collision: 0.0,
                boundary: 1.0,
                door: 0.0,
                prior: 0.0,
            },
        ),
        (
            "door",
            Weights {
                relation: 0.0,
                collision: 0.0,
                boundary: 0.0,
                door: 1.0,
                prior: 0.0,
            },
        ),
        (
            "prior",
            Weights {
                relation: 0.0,
                collision: 0.0,
                boundary: 0.0,
                door: 0.0,
                prior: 1.0,
            },
        ),
    ];
    for (name, w) in terms {
        let mut active = 0;
        for _ in 0..12 {
            let x = random_params(&problem, &mut rng);
            if check(&problem, &w, &x, name) > 1e-9 {
                active += 1;
            }
        }
        assert!(active > 0, "{name} never active");
    }
    let all = Weights {
        relation: 1.0,
        collision: 30.0,
        boundary: 30.0,
        door: 10.0,
        prior: 0.01,
    };
    for _ in 0..4 {
        check(
            &problem,
            &all,
            &random_params(&problem, &mut rng),
            "all terms",
        );
    }
}
